package dev.quiz.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest's command for a share of the suite: each runfile the groups come from written out
 * with those groups only, then zfs-tests.sh run on them as the test user the zts profile makes,
 * on the scratch disks, with -K so that the kernel log names each test as it starts; the tests'
 * own logs go to $QUIZ_OUT.
 */
final class ZtsScript {
    private ZtsScript() {
    }

    static String of(List<Selection.Chosen> groups) {
        Map<Runfile, List<Runfile.Group>> byFile = new LinkedHashMap<>();
        groups.forEach(c -> byFile.computeIfAbsent(c.from(), f -> new ArrayList<>()).add(c.group()));
        StringBuilder sb = new StringBuilder();
        List<String> files = new ArrayList<>();
        byFile.forEach((file, its) -> {
            String path = "/tmp/quiz-" + file.name() + ".run";
            files.add(path);
            sb.append("cat > ").append(path).append(" <<'QUIZ_RUNFILE'\n")
                    .append(new Runfile(file.name(), file.defaults(), its).text()).append("QUIZ_RUNFILE\n");
        });
        sb.append("""
                # The suite wants bare device names (vdb): some of its helpers prefix /dev/ themselves.
                disks=$(for d in /dev/quizb*; do basename "$(readlink -f $d)"; done | xargs)
                runuser -u zts -- env DISKS="$disks" /usr/local/share/zfs/zfs-tests.sh -v -K -d /var/tmp/zts -r %s
                status=$?
                cp -r /var/tmp/test_results "$QUIZ_OUT/" 2>/dev/null
                exit $status
                """.formatted(String.join(",", files)));
        return sb.toString();
    }
}
