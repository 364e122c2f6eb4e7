package dev.quiz.build;

import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Git;
import dev.quiz.store.AtomicFiles;
import dev.quiz.store.Hashing;
import dev.quiz.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which files of a tree are its sources, the files a person edits, as opposed to what builds
 * write. A change to anything else never starts or cancels a cycle, and is never built from.
 *
 * <p>In a git checkout the sources are what git tracks or would add (tracked, and untracked but
 * not ignored); elsewhere, every file. From these, quiz takes away what its own builds write,
 * learned as they run and kept in the store:
 * <ul>
 * <li>a file that did not exist when a quiz build started is that build's output;</li>
 * <li>a file rewritten while quiz regenerates the build system (autogen, configure), or during
 * the first quiz build of a tree quiz did not unpack itself (a copy of a built tree holds last
 * build's objects), is an output too, unless git tracks it.</li>
 * </ul>
 * Files git tracks are always sources, so an edit saved during any build is seen. Editors'
 * temporaries (swap files, backups, lock files) are never sources.
 *
 * <p>Another quiz may build the same tree meanwhile (a watcher for another architecture, whose
 * builds run in a copy, beside one that builds in place): what a build learns is kept in the
 * store, and while another process's build of the tree runs, files this one does not know are
 * taken for that build's until it ends and says which are its outputs.
 */
public final class TreeSources {
    private static final Map<List<Path>, TreeSources> OPEN = new ConcurrentHashMap<>();
    private static final Pattern EDITOR_TEMPORARY = Pattern.compile(
            "\\.#.*|#.*#|.*~|\\..*\\.sw[a-p]|4913|\\.goutputstream-.*|\\.nfs.*|.*___jb_(tmp|old)___");
    private static final String OUTPUTS = "outputs";
    private static final String LEARNED = "sources-learned";
    /** Held while a quiz build of the tree runs in place: the building process's id. */
    private static final String BUILDING = "building";
    /** File times come from a coarse kernel clock (a tick): a write just after a build started may look earlier. */
    private static final long CLOCK_SLACK_MILLIS = 10;

    private final Path tree;
    private final Path state;
    /** quiz's own store, when it lies inside the tree: what quiz records there is never a source. */
    private final Optional<Path> storeInside;
    private final Optional<Path> gitIndex;
    private final boolean git;
    private final Set<String> outputs = ConcurrentHashMap.newKeySet();
    /** Sources git does not track (every source outside git), as last seen. */
    private final Set<String> others = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> ignored = new ConcurrentHashMap<>();
    private volatile Set<String> tracked = Set.of();
    private volatile long indexStamp = Long.MIN_VALUE;
    private volatile boolean learned;
    private volatile boolean scanned;
    private volatile Build build;
    private volatile long outputsStamp = Long.MIN_VALUE;

    private TreeSources(Path tree, Path state, Optional<Path> storeInside, Optional<Path> gitIndex) {
        this.tree = tree;
        this.state = state;
        this.storeInside = storeInside;
        this.gitIndex = gitIndex;
        this.git = gitIndex.isPresent();
    }

    /** The one view of a tree's sources in this process, shared by its watcher and its builds. */
    public static TreeSources of(Store store, Path tree) {
        Path t = tree.toAbsolutePath().normalize();
        return OPEN.computeIfAbsent(List.of(store.root(), t), key -> {
            Path p = key.get(1);
            Path state = stateDir(store, p);
            Path storeRoot = store.root().toAbsolutePath().normalize();
            TreeSources sources = new TreeSources(p, state,
                    storeRoot.startsWith(p) ? Optional.of(p.relativize(storeRoot)) : Optional.empty(), gitIndex(p));
            try {
                sources.load();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + state + ": " + e.getMessage(), e);
            }
            return sources;
        });
    }

    /**
     * The index of the git checkout that manages the tree: one whose top it is, or one that
     * tracks files in it (a module inside a larger repository). A tree that merely lies inside a
     * checkout (the store's, under a home directory kept in git) is not managed by it.
     */
    private static Optional<Path> gitIndex(Path tree) {
        return Git.at(tree).filter(g -> g.top().equals(tree)
                || !Git.run(tree, "", List.of("ls-files", "-z")).stdout().isEmpty()).map(Git::index);
    }

    /** Where the store keeps what quiz knows of a tree. */
    static Path stateDir(Store store, Path tree) {
        return store.builds().resolve(tree.getFileName() + "-" + Hashing.key(tree.toString()));
    }

    /**
     * A tree quiz unpacked itself holds nothing but sources: its first build learns only the
     * files it creates, and an edit saved during that build is an edit.
     */
    public static void markPristine(Store store, Path tree) throws IOException {
        Path t = tree.toAbsolutePath().normalize();
        AtomicFiles.writeString(stateDir(store, t).resolve(LEARNED), "unpacked by quiz: nothing but sources\n");
        TreeSources open = OPEN.get(List.of(store.root(), t));
        if (open != null) {
            open.learned = true;
        }
    }

    private void load() throws IOException {
        refreshOutputs();
        learned = Files.exists(state.resolve(LEARNED));
    }

    /** Reads the outputs the store knows, when another process's build has learned more since. */
    private void refreshOutputs() throws IOException {
        Path file = state.resolve(OUTPUTS);
        long stamp = Files.isRegularFile(file) ? Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file)
                : Long.MIN_VALUE;
        if (stamp != outputsStamp) {
            if (Files.isRegularFile(file)) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).forEach(outputs::add);
            }
            outputsStamp = stamp;
        }
    }

    /** Whether another live process is building the tree in place now. */
    private boolean otherProcessBuilding() {
        try {
            long pid = Long.parseLong(Files.readString(state.resolve(BUILDING)).strip());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    public Path tree() {
        return tree;
    }

    public boolean git() {
        return git;
    }

    static boolean editorTemporary(Path relative) {
        Path name = relative.getFileName();
        return name != null && EDITOR_TEMPORARY.matcher(name.toString()).matches();
    }

    /** Files of git's own, or of quiz's store: never sources, never outputs. */
    private boolean neverSource(Path relative) {
        return relative.getNameCount() == 0 || relative.getName(0).toString().equals(".git")
                || storeInside.map(relative::startsWith).orElse(false) || editorTemporary(relative);
    }

    /** Every source now, with its stamp (modification time and size): what a build compares against the last. */
    public synchronized Map<String, String> scan() throws IOException, InterruptedException {
        refreshOutputs();
        return scan(candidates());
    }

    /**
     * Waits while another process builds the tree in place, so that what it writes is known as
     * its output before this one copies the tree's sources; returns at once when {@code stop} says so.
     */
    public void awaitOtherBuild(java.util.function.BooleanSupplier stop) throws InterruptedException {
        while (otherProcessBuilding() && !stop.getAsBoolean()) {
            Thread.sleep(200);
        }
    }

    private Map<String, String> scan(Set<String> candidates) throws IOException {
        Map<String, String> sources = new TreeMap<>();
        Set<String> nowOthers = new HashSet<>();
        for (String path : candidates) {
            if (outputs.contains(path) && !tracked.contains(path) || neverSource(Path.of(path))) {
                continue;
            }
            Optional<BasicFileAttributes> attrs = attributes(path);
            if (attrs.isEmpty() || !attrs.get().isRegularFile()) {
                continue;
            }
            sources.put(path, attrs.get().lastModifiedTime().toMillis() + ":" + attrs.get().size());
            if (!tracked.contains(path)) {
                nowOthers.add(path);
            }
        }
        others.retainAll(nowOthers);
        others.addAll(nowOthers);
        scanned = true;
        return sources;
    }

    /**
     * The changed paths, among those the watcher reported, that are sources: what may start a
     * cycle, or cancel one under way. While a build runs, what it writes is not a change; it is
     * learned when the build ends.
     */
    public Set<Path> changesAmong(Collection<Path> paths) throws IOException, InterruptedException {
        if (!scanned) {
            scan();
        }
        refreshTracked();
        refreshOutputs();
        Build b = build;
        boolean other = b == null && otherProcessBuilding();
        Set<Path> changes = new LinkedHashSet<>();
        List<Path> unknown = new ArrayList<>();
        for (Path p : paths) {
            String path = p.toString();
            if (neverSource(p) || outputs.contains(path) && !tracked.contains(path)) {
                continue;
            }
            if (tracked.contains(path)) {
                changes.add(p);
            } else if (b != null) {
                // What the build writes is learned when it ends; only an edit of a source it found counts now.
                if (b.before.contains(path) && !b.wrote(modified(path))) {
                    changes.add(p);
                }
            } else if (others.contains(path)) {
                changes.add(p);
            } else if (other) {
                // A file new to this process, written while another builds the tree: that build's, it will say.
                continue;
            } else if (attributes(path).isPresent()) {
                unknown.add(p);
            }
        }
        for (Path p : notIgnored(unknown)) {
            others.add(p.toString());
            changes.add(p);
        }
        return changes;
    }

    /** A quiz build of this tree begins: what exists now is what it did not create. */
    public synchronized Build beginBuild() throws IOException, InterruptedException {
        if (!scanned) {
            scan();
        }
        Build b = new Build(System.currentTimeMillis() - CLOCK_SLACK_MILLIS, Set.copyOf(others), !learned);
        build = b;
        Files.createDirectories(state);
        AtomicFiles.writeString(state.resolve(BUILDING), ProcessHandle.current().pid() + "\n");
        return b;
    }

    /**
     * The build has ended: learn what it wrote, and remember it in the store. Returns the
     * sources as they are now, from the same look at the tree.
     */
    public synchronized Map<String, String> endBuild(Build b, boolean succeeded) throws IOException,
            InterruptedException {
        try {
            Set<String> candidates = candidates();
            for (String path : candidates) {
                if (tracked.contains(path) || outputs.contains(path) || neverSource(Path.of(path))) {
                    continue;
                }
                if (!b.before.contains(path) || b.wrote(modified(path))) {
                    outputs.add(path);
                }
            }
            others.removeAll(outputs);
            Files.createDirectories(state);
            AtomicFiles.writeString(state.resolve(OUTPUTS), String.join("\n", new TreeSet<>(outputs)) + "\n");
            if (succeeded && !learned) {
                learned = true;
                AtomicFiles.writeString(state.resolve(LEARNED), "learned from a build\n");
            }
            return scan(candidates);
        } finally {
            build = null;
            Files.deleteIfExists(state.resolve(BUILDING));
        }
    }

    /** The build ended in a way quiz did not expect: nothing is learned from it, and its window closes. */
    public synchronized void abandon(Build b) {
        if (build == b) {
            build = null;
            try {
                Files.deleteIfExists(state.resolve(BUILDING));
            } catch (IOException e) {
                // a marker of a dead process is ignored by the others
            }
        }
    }

    /**
     * One quiz build of the tree, from its start: the sources git does not track that existed
     * then, whether every rewrite counts as the build's (the tree's first build), and when it
     * regenerated its build system.
     */
    public static final class Build {
        final long startMillis;
        final Set<String> before;
        final boolean learning;
        private final List<long[]> regenerations = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile long regeneratingSince;

        Build(long startMillis, Set<String> before, boolean learning) {
            this.startMillis = startMillis;
            this.before = before;
            this.learning = learning;
        }

        /** autogen or configure is running: what they rewrite is theirs. */
        void regenerating(boolean running) {
            long now = System.currentTimeMillis();
            if (running) {
                regeneratingSince = now - CLOCK_SLACK_MILLIS;
            } else if (regeneratingSince != 0) {
                regenerations.add(new long[] {regeneratingSince, now + CLOCK_SLACK_MILLIS});
                regeneratingSince = 0;
            }
        }

        /**
         * Whether this build wrote a file that existed when it started, now last modified at
         * {@code mtime} (empty: deleted, just now): only a learning build and a regeneration
         * rewrite or delete such files.
         */
        boolean wrote(Optional<Long> mtime) {
            long t = mtime.orElse(System.currentTimeMillis());
            if (t < startMillis) {
                return false;
            }
            if (learning || regeneratingSince != 0) {
                return true;
            }
            // A deletion is timed when it is seen, a moment after it happened.
            long late = mtime.isPresent() ? 0 : 1000;
            return regenerations.stream().anyMatch(r -> t >= r[0] && t <= r[1] + late);
        }
    }

    /** Paths that may be sources: tracked and unignored files in git, every file elsewhere. */
    private Set<String> candidates() throws IOException, InterruptedException {
        if (!git) {
            return walk();
        }
        refreshTracked();
        Set<String> all = new HashSet<>(tracked);
        all.addAll(gitList(List.of("ls-files", "-z", "--others", "--exclude-standard")));
        return all;
    }

    private void refreshTracked() throws InterruptedException {
        if (!git) {
            return;
        }
        long stamp = indexStamp();
        if (stamp != indexStamp) {
            tracked = Set.copyOf(gitList(List.of("ls-files", "-z", "--cached")));
            ignored.clear();
            indexStamp = stamp;
        }
    }

    /** The index's modification time and size: git rewrites it for every add, commit and checkout. */
    private long indexStamp() {
        try {
            Path index = gitIndex.orElseThrow();
            return Files.getLastModifiedTime(index).toMillis() * 31 + Files.size(index);
        } catch (IOException e) {
            return 0;
        }
    }

    private Set<String> gitList(List<String> args) throws InterruptedException {
        ChildProcess.Captured r = Git.run(tree, "", args);
        if (!r.ok()) {
            throw new IllegalStateException("git in " + tree + " " + r.failure());
        }
        Set<String> paths = new HashSet<>();
        for (String s : r.stdout().split("\0")) {
            if (!s.isEmpty()) {
                paths.add(s);
            }
        }
        return paths;
    }

    /** The paths git does not ignore, asked once for all of them; every path outside git. */
    private List<Path> notIgnored(List<Path> paths) throws InterruptedException {
        if (!git || paths.isEmpty()) {
            return paths;
        }
        List<Path> ask = paths.stream().filter(p -> !ignored.containsKey(p.toString())).toList();
        if (!ask.isEmpty()) {
            StringBuilder input = new StringBuilder();
            ask.forEach(p -> input.append(p).append('\0'));
            ChildProcess.Captured r = Git.run(tree, input.toString(), List.of("check-ignore", "-z", "--stdin"));
            // check-ignore exits 1 when it ignores none of them.
            if (r.timedOut() || r.status() > 1) {
                throw new IllegalStateException("git check-ignore in " + tree + " " + r.failure());
            }
            Set<String> yes = new HashSet<>(List.of(r.stdout().split("\0")));
            ask.forEach(p -> ignored.put(p.toString(), yes.contains(p.toString())));
        }
        return paths.stream().filter(p -> !ignored.getOrDefault(p.toString(), false)).toList();
    }

    private Set<String> walk() throws IOException {
        Set<String> files = new HashSet<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(tree) || !dir.getFileName().toString().equals(".git")
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(tree.relativize(file).toString());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // Deleted while the tree was walked: a later event or scan sees it.
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private Optional<BasicFileAttributes> attributes(String path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(tree.resolve(path), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private Optional<Long> modified(String path) throws IOException {
        return attributes(path).map(a -> a.lastModifiedTime().toMillis());
    }
}
