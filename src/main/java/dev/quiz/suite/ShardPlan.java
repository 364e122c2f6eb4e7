package dev.quiz.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The groups of a run split over shards, the same way on every host given the same selection and
 * timing data: the groups timed before are placed longest first, each on the shard with the least
 * time so far; the groups never timed are then spread so that every shard gets as many of them as
 * the others, give or take one.
 */
public record ShardPlan(List<Shard> shards) {
    public ShardPlan {
        shards = List.copyOf(shards);
    }

    /** One shard: its number (from 1), its groups in the order they run, and the time they took before (where known). */
    public record Shard(int number, List<Selection.Chosen> groups, double expectedSeconds) {
        public Shard {
            groups = List.copyOf(groups);
        }
    }

    public static ShardPlan of(List<Selection.Chosen> groups, int count, Map<String, Double> seconds) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one shard, got " + count);
        }
        List<List<Selection.Chosen>> assigned = new ArrayList<>();
        double[] load = new double[count];
        int[] untimed = new int[count];
        for (int i = 0; i < count; i++) {
            assigned.add(new ArrayList<>());
        }
        List<Selection.Chosen> timed = groups.stream().filter(g -> seconds.containsKey(g.group().path()))
                .sorted(Comparator.comparing((Selection.Chosen g) -> -seconds.get(g.group().path()))
                        .thenComparing(g -> g.group().path()))
                .toList();
        for (Selection.Chosen g : timed) {
            int shard = 0;
            for (int i = 1; i < count; i++) {
                if (load[i] < load[shard]) {
                    shard = i;
                }
            }
            assigned.get(shard).add(g);
            load[shard] += seconds.get(g.group().path());
        }
        for (Selection.Chosen g : groups.stream().filter(g -> !seconds.containsKey(g.group().path()))
                .sorted(Comparator.comparing(g -> g.group().path())).toList()) {
            int shard = 0;
            for (int i = 1; i < count; i++) {
                if (untimed[i] < untimed[shard] || untimed[i] == untimed[shard] && load[i] < load[shard]) {
                    shard = i;
                }
            }
            assigned.get(shard).add(g);
            untimed[shard]++;
        }
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shards.add(new Shard(i + 1, assigned.get(i), load[i]));
        }
        return new ShardPlan(shards);
    }

    /** Shard {@code number} (from 1). */
    public Optional<Shard> shard(int number) {
        return number >= 1 && number <= shards.size() ? Optional.of(shards.get(number - 1)) : Optional.empty();
    }
}
