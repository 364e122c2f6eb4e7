package dev.quiz.build;

import java.util.EnumSet;
import java.util.Set;

/**
 * The least work that is correct for a set of changes: whether to run autogen and configure,
 * what to make, and what to install into the work dir.
 */
public record BuildPlan(boolean autogen, boolean configure, Make make, Install install) {

    public enum Make {
        NOTHING, MODULES, ALL
    }

    public enum Install {
        NOTHING, TESTS, MODULES, FULL
    }

    public static final BuildPlan FULL = new BuildPlan(false, false, Make.ALL, Install.FULL);

    /**
     * @param userlandUsesModule the test runs userland built from module sources (ztest, zdb), so
     *                           module changes rebuild userland too
     */
    public static BuildPlan forChanges(Set<ChangeKind> changes, boolean userlandUsesModule) {
        EnumSet<ChangeKind> c = changes.isEmpty() ? EnumSet.noneOf(ChangeKind.class) : EnumSet.copyOf(changes);
        if (c.contains(ChangeKind.BUILD_SYSTEM)) {
            return new BuildPlan(true, true, Make.ALL, Install.FULL);
        }
        if (c.contains(ChangeKind.USERLAND) || (c.contains(ChangeKind.SHARED) && userlandUsesModule)) {
            return FULL;
        }
        if (c.contains(ChangeKind.KERNEL) || c.contains(ChangeKind.SHARED)) {
            return new BuildPlan(false, false, Make.MODULES,
                    c.contains(ChangeKind.TESTS) ? Install.FULL : Install.MODULES);
        }
        if (c.contains(ChangeKind.TESTS)) {
            return new BuildPlan(false, false, Make.NOTHING, Install.TESTS);
        }
        return new BuildPlan(false, false, Make.NOTHING, Install.NOTHING);
    }

    /** Plans for a tree that was never built here or whose last install did not finish. */
    public BuildPlan full(boolean needsAutogen, boolean needsConfigure) {
        return new BuildPlan(autogen || needsAutogen, configure || needsConfigure || needsAutogen, Make.ALL, Install.FULL);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (autogen) {
            sb.append("autogen, ");
        }
        if (configure) {
            sb.append("configure, ");
        }
        sb.append(switch (make) {
            case NOTHING -> "no make";
            case MODULES -> "make modules";
            case ALL -> "make all";
        });
        sb.append(", ").append(switch (install) {
            case NOTHING -> "no install";
            case TESTS -> "install tests";
            case MODULES -> "install modules";
            case FULL -> "full install";
        });
        return sb.toString();
    }
}
