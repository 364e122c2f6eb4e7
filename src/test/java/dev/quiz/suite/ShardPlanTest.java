package dev.quiz.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Runfiles read and written back, groups chosen as zfs-tests.sh chooses them, and split over shards. */
class ShardPlanTest {
    static final Runfile SANITY = Runfile.parse("sanity", """
            # a comment
            [DEFAULT]
            pre = setup
            timeout = 180
            tags = ['functional']

            [tests/functional/acl/off]
            tests = ['posixmode']
            tags = ['functional', 'acl']

            [tests/functional/alloc_class]
            tests = ['alloc_class_003_pos', 'alloc_class_004_pos',
                'alloc_class_005_pos']
            tags = ['functional', 'alloc_class']

            [tests/functional/cli_root/zpool_create]
            tests = ['zpool_create_001_pos', 'zpool_create_002_pos']
            tags = ['functional', 'cli_root', 'zpool_create']

            [tests/functional/cli_root/zpool_add]
            tests = ['zpool_add_001_pos']
            tags = ['functional', 'cli_root', 'zpool_add']
            """.lines().toList());

    @Test
    void aRunfileIsReadWithItsContinuedValuesAndWrittenBackAsZfsTestsReadsIt() {
        assertEquals(Map.of("pre", "setup", "timeout", "180", "tags", "['functional']"), SANITY.defaults());
        assertEquals(4, SANITY.groups().size());
        Runfile.Group alloc = SANITY.groups().get(1);
        assertEquals(List.of("alloc_class_003_pos", "alloc_class_004_pos", "alloc_class_005_pos"), alloc.tests());
        Runfile again = Runfile.parse("sanity", SANITY.text().lines().toList());
        assertEquals(SANITY.defaults(), again.defaults());
        assertEquals(SANITY.groups(), again.groups(), "written and read back, the same groups");
    }

    @Test
    void tagsAndATestChooseGroupsAsZfsTestsDoes() {
        List<String> byTag = new Selection(List.of(), List.of("cli_root"), Optional.empty()).choose(List.of(SANITY))
                .stream().map(c -> c.group().path()).toList();
        assertEquals(List.of("tests/functional/cli_root/zpool_create", "tests/functional/cli_root/zpool_add"), byTag);
        List<Selection.Chosen> one = new Selection(List.of(), List.of(), Optional.of(
                "/usr/local/share/zfs/zfs-tests/tests/functional/cli_root/zpool_create/zpool_create_002_pos"))
                .choose(List.of(SANITY));
        assertEquals(1, one.size());
        assertEquals(List.of("zpool_create_002_pos"), one.get(0).group().tests(), "its group, with that test only");
        assertEquals(List.of("common", "linux"), new Selection(List.of(), List.of(), Optional.empty()).runfiles());
    }

    @Test
    void timedGroupsGoLongestFirstToTheLeastLoadedShardAndTheRestAreSpreadByCount() {
        List<Selection.Chosen> all = new Selection(List.of(), List.of(), Optional.empty()).choose(List.of(SANITY));
        Map<String, Double> seconds = Map.of("tests/functional/alloc_class", 100.0,
                "tests/functional/cli_root/zpool_create", 60.0, "tests/functional/cli_root/zpool_add", 50.0);
        ShardPlan plan = ShardPlan.of(all, 2, seconds);
        assertEquals(List.of("tests/functional/alloc_class", "tests/functional/acl/off"), paths(plan, 1));
        assertEquals(List.of("tests/functional/cli_root/zpool_create", "tests/functional/cli_root/zpool_add"), paths(plan, 2));
        assertEquals(100.0, plan.shard(1).orElseThrow().expectedSeconds());
        assertEquals(110.0, plan.shard(2).orElseThrow().expectedSeconds());
        assertEquals(plan, ShardPlan.of(all, 2, seconds), "every host computes the same plan");

        ShardPlan untimed = ShardPlan.of(all, 3, Map.of());
        List<Integer> sizes = untimed.shards().stream().map(s -> s.groups().size()).toList();
        assertEquals(List.of(2, 1, 1), sizes, "never timed: an even split by count");
        assertTrue(untimed.shard(4).isEmpty());
    }

    private static List<String> paths(ShardPlan plan, int shard) {
        return plan.shard(shard).orElseThrow().groups().stream().map(c -> c.group().path()).toList();
    }
}
