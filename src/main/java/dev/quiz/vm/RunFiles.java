package dev.quiz.vm;

import dev.quiz.arch.Arch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's instructions to the guest init: what it mounts, the second stage's config, the
 * profile's setup and the command. They are not in the initramfs, which is the same for every
 * run: the init takes them over the status port once the kernel has booted (see init.c), so a VM
 * saved at that point can be resumed for any run.
 */
public record RunFiles(Map<String, String> files) {

    public RunFiles {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    public static RunFiles of(GuestPlan plan, Arch arch, List<Share> shares, boolean outputDir) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("mounts", mounts(shares, outputDir));
        files.put("config", config(plan, arch));
        files.put("setup", plan.setupScript());
        files.put("command", plan.commandScript());
        return new RunFiles(files);
    }

    /**
     * What the host sends the init after "booted": each file, the host's clock, and random bytes
     * for the kernel's pool, then "end".
     */
    public byte[] handover(Instant now, byte[] seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.forEach((name, text) -> {
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(("file " + name + " " + content.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(content);
        });
        out.writeBytes(("time " + now.getEpochSecond() + " " + now.getNano() + "\n" + "seed "
                + HexFormat.of().formatHex(seed) + "\nend\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * What the init's first stage mounts: the layers of the root, top layer first, the dirs at
     * their mount points, and the output share.
     */
    static String mounts(List<Share> shares, boolean outputDir) {
        StringBuilder sb = new StringBuilder();
        for (Share s : shares) {
            if (s.mountPoint().isEmpty()) {
                sb.append("share ").append(s.tag()).append(' ').append(s.transport().guestName()).append('\n');
            } else {
                sb.append("dir ").append(s.tag()).append(' ').append(s.transport().guestName()).append(' ')
                        .append(s.mountPoint().get()).append(s.writable() ? " rw" : " ro").append('\n');
            }
        }
        if (outputDir) {
            sb.append("output ").append(QemuCommandLine.OUTPUT_TAG).append('\n');
        }
        return sb.toString();
    }

    /** The config of the init's second stage: shell variable assignments and the guest's environment. */
    static String config(GuestPlan plan, Arch arch) {
        Map<String, String> vars = new TreeMap<>();
        vars.put("QUIZ_CONSOLE", "/dev/" + arch.console());
        vars.put("QUIZ_SHELL", plan.shell() ? "1" : "0");
        vars.put("QUIZ_WAIT_GO", plan.waitForGo() ? "1" : "0");
        if (plan.terminalRows() > 0) {
            vars.put("QUIZ_ROWS", String.valueOf(plan.terminalRows()));
            vars.put("QUIZ_COLS", String.valueOf(plan.terminalColumns()));
        }
        StringBuilder sb = new StringBuilder();
        vars.forEach((k, v) -> sb.append(k).append('=').append(GuestPlan.shellQuote(v)).append('\n'));
        plan.environment().forEach((k, v) -> sb.append("export ").append(k).append('=')
                .append(GuestPlan.shellQuote(v)).append('\n'));
        return sb.toString();
    }
}
