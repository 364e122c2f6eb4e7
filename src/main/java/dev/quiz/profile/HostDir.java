package dev.quiz.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A host directory the guest sees at a path of its own, read-only unless {@code writable}: what
 * {@code --dir HOST[:GUEST][:ro|rw]} and a profile's {@code vm.dirs} ask for. One rule wherever it
 * is written: {@link #parse} checks it, with a message that completes "KEY VALUE: ...".
 */
public record HostDir(Path host, String guest, boolean writable) {
    /**
     * The guest's own directories, which a dir may neither replace nor hide: the root's, the work
     * dir's (OpenZFS installs under /usr/local), and what quiz and the kernel mount.
     */
    private static final List<String> GUEST_OWN = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc",
            "/root", "/run", "/sbin", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/lib", "/usr/lib64", "/usr/local",
            "/usr/local/bin", "/usr/local/lib", "/usr/local/sbin", "/usr/local/share", "/usr/sbin", "/usr/share", "/var",
            "/var/lib", "/var/tmp");
    /** Where the kernel and quiz keep what no dir may be mounted into. */
    private static final List<String> GUEST_RESERVED = List.of("/proc", "/sys", "/dev", "/run/quiz");

    /** {@code HOST[:GUEST][:ro|rw]}; HOST may start with ~/, and GUEST defaults to HOST's own path. */
    public static HostDir parse(String spec, Path home) {
        String rest = spec.strip();
        boolean writable = false;
        if (rest.endsWith(":rw") || rest.endsWith(":ro")) {
            writable = rest.endsWith(":rw");
            rest = rest.substring(0, rest.length() - 3);
        }
        int colon = rest.indexOf(':');
        String hostText = colon < 0 ? rest : rest.substring(0, colon);
        if (hostText.isEmpty()) {
            throw new IllegalArgumentException("give HOST[:GUEST][:ro|rw], such as ~/bin:/opt/bin or /srv/data:/data:rw");
        }
        Path host = (hostText.equals("~") || hostText.startsWith("~/") ? home.resolve(hostText.substring(1).replaceFirst(
                "^/", "")) : Path.of(hostText)).toAbsolutePath().normalize();
        if (!Files.isDirectory(host)) {
            throw new IllegalArgumentException(host + " is not a directory on this host");
        }
        String guestText = colon < 0 ? host.toString() : rest.substring(colon + 1);
        if (!guestText.startsWith("/")) {
            throw new IllegalArgumentException("the guest's path must be absolute, got \"" + guestText + "\"");
        }
        String guest = Path.of(guestText).normalize().toString();
        if (!guest.matches("[A-Za-z0-9/._+@-]+")) {
            throw new IllegalArgumentException("the guest's path " + guest + " has characters quiz does not pass on;"
                    + " use letters, digits and . _ + @ -");
        }
        for (String own : GUEST_OWN) {
            if (own.equals(guest) || own.startsWith(guest + "/") || guest.equals("/")) {
                throw new IllegalArgumentException("a dir at " + guest + " would hide the guest's own " + own
                        + "; mount it elsewhere, such as /mnt" + (guest.equals("/") ? "/host" : guest));
            }
        }
        for (String reserved : GUEST_RESERVED) {
            if (guest.startsWith(reserved + "/")) {
                throw new IllegalArgumentException(guest + " is inside " + reserved + ", which the guest's kernel and "
                        + "quiz manage; mount it elsewhere, such as /mnt" + guest.substring(reserved.length()));
            }
        }
        return new HostDir(host, guest, writable);
    }

    /** As it is written: HOST:GUEST:ro|rw. */
    public String text() {
        return host + ":" + guest + (writable ? ":rw" : ":ro");
    }
}
