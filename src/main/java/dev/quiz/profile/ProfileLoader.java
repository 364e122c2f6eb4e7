package dev.quiz.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Finds and reads profiles: TOML files named NAME.toml, looked up in the tree's
 * {@code .quiz/profiles}, then the user's {@code ~/.config/quiz/profiles}, then the ones shipped
 * with quiz. A profile may extend another; {@link ProfileKeys} says how each key combines the two.
 * Every key is checked: an unknown key or a wrong value is an error naming the file and line.
 */
public final class ProfileLoader {
    private static final String BUILT_IN = "/quiz/profiles/";
    /** The profiles shipped in watch-profiles/. */
    static final List<String> BUILT_IN_NAMES = List.of("module", "self-test", "zfs", "zfs-smoke", "ztest", "zts",
            "zts-quick");
    /** The keys allowed in each table ("" for the top level), from ProfileKeys and the two about the profile itself. */
    private static final Map<String, Set<String>> KEYS = allowedKeys();

    private final List<Path> searchDirs;

    public ProfileLoader(List<Path> searchDirs) {
        this.searchDirs = List.copyOf(searchDirs);
    }

    /** The usual search path for a tree (which may be null). */
    public static ProfileLoader forTree(Path tree, Map<String, String> env, Path home) {
        List<Path> dirs = new ArrayList<>();
        if (tree != null) {
            dirs.add(tree.resolve(".quiz/profiles"));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        dirs.add((xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("quiz/profiles"));
        return new ProfileLoader(dirs);
    }

    /** Every profile name with where it comes from; a name found earlier in the search path hides later ones. */
    public SortedMap<String, String> available() throws IOException {
        SortedMap<String, String> found = new TreeMap<>();
        for (Path dir : searchDirs) {
            if (Files.isDirectory(dir)) {
                try (var list = Files.list(dir)) {
                    for (Path p : list.toList()) {
                        String f = p.getFileName().toString();
                        if (f.endsWith(".toml")) {
                            found.putIfAbsent(f.substring(0, f.length() - 5), p.toString());
                        }
                    }
                }
            }
        }
        for (String name : BUILT_IN_NAMES) {
            found.putIfAbsent(name, "built in (watch-profiles/" + name + ".toml)");
        }
        return found;
    }

    public Profile load(String name) throws ProfileException {
        return load(name, new LinkedHashSet<>());
    }

    private Profile load(String name, Set<String> chain) throws ProfileException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ProfileException("profile name '" + name + "' may use only letters, digits, '.', '_' and '-'");
        }
        if (!chain.add(name)) {
            throw new ProfileException("profile " + name + " extends itself: " + String.join(" -> ", chain) + " -> " + name);
        }
        Source source = find(name).orElseThrow(() -> new ProfileException("no profile named '" + name
                + "'; quiz profiles lists them"));
        ProfileFile file = parse(source);
        Optional<String> parentName = file.value("extends", TomlValues.STRING);
        Profile own = Profile.read(name, file);
        if (parentName.isEmpty()) {
            return own;
        }
        return Profile.merge(load(parentName.get(), chain), own);
    }

    private record Source(String label, String text) {
    }

    private Optional<Source> find(String name) throws ProfileException {
        for (Path dir : searchDirs) {
            Path file = dir.resolve(name + ".toml");
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(new Source(file.toString(), Files.readString(file)));
                } catch (IOException e) {
                    throw new ProfileException(file + ": cannot read: " + e.getMessage());
                }
            }
        }
        try (InputStream in = ProfileLoader.class.getResourceAsStream(BUILT_IN + name + ".toml")) {
            if (in != null) {
                return Optional.of(new Source("watch-profiles/" + name + ".toml (built in)",
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new ProfileException("cannot read built-in profile " + name + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private static ProfileFile parse(Source source) throws ProfileException {
        TomlParseResult toml = Toml.parse(source.text());
        if (toml.hasErrors()) {
            TomlParseError e = toml.errors().get(0);
            throw new ProfileException(source.label() + ":" + e.position().line() + ": " + e.getMessage());
        }
        ProfileFile file = new ProfileFile(source.label(), toml);
        checkKeys(file, toml, "");
        return file;
    }

    private static Map<String, Set<String>> allowedKeys() {
        Set<String> topLevel = new HashSet<>(Set.of("description", "extends"));
        Map<String, Set<String>> keys = new HashMap<>(Map.of("", topLevel));
        for (ProfileKey<?> key : ProfileKeys.ALL) {
            for (String name : key.names()) {
                String table = name.substring(0, name.indexOf('.'));
                topLevel.add(table);
                keys.computeIfAbsent(table, t -> new HashSet<>()).add(name.substring(table.length() + 1));
            }
        }
        return keys;
    }

    private static void checkKeys(ProfileFile file, TomlTable table, String prefix) throws ProfileException {
        Set<String> allowed = KEYS.get(prefix);
        for (String key : table.keySet()) {
            String dotted = prefix.isEmpty() ? key : prefix + "." + key;
            if (!allowed.contains(key)) {
                throw file.error(dotted, "unknown key; " + (prefix.isEmpty() ? "top-level keys" : "keys in [" + prefix + "]")
                        + " are " + String.join(", ", allowed.stream().sorted().toList()));
            }
            Object value = table.get(List.of(key));
            if (prefix.isEmpty() && KEYS.containsKey(key)) {
                if (!(value instanceof TomlTable sub)) {
                    throw file.error(dotted, "expected a table [" + key + "]");
                }
                checkKeys(file, sub, key);
            }
        }
    }
}
