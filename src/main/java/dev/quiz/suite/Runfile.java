package dev.quiz.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of OpenZFS's test-suite runfiles (sanity.run, common.run, linux.run): a [DEFAULT] section
 * and one section per test group (a directory of tests that share their setup and cleanup), in
 * the INI form zfs-tests.sh reads. Values are kept as written, so a runfile written back from
 * some of its groups runs them exactly as the original would.
 */
public record Runfile(String name, Map<String, String> defaults, List<Group> groups) {
    private static final Pattern SECTION = Pattern.compile("^\\[(.+)\\]\\s*$");
    private static final Pattern KEY = Pattern.compile("^([A-Za-z_]+)\\s*=\\s*(.*)$");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'|\"([^\"]*)\"");

    public Runfile {
        defaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        groups = List.copyOf(groups);
    }

    /** A group: its section name (tests/functional/acl/off), its settings as written, its tests and tags. */
    public record Group(String path, Map<String, String> settings) {
        public Group {
            settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        public List<String> tests() {
            return words(settings.getOrDefault("tests", "[]"));
        }

        /** Its tags, or the runfile's default ones when it has none of its own. */
        public List<String> tags(Map<String, String> defaults) {
            return words(settings.getOrDefault("tags", defaults.getOrDefault("tags", "[]")));
        }

        /** The same group with only these of its tests. */
        public Group withTests(List<String> keep) {
            Map<String, String> s = new LinkedHashMap<>(settings);
            s.put("tests", "[" + String.join(", ", keep.stream().map(t -> "'" + t + "'").toList()) + "]");
            return new Group(path, s);
        }
    }

    public static Runfile read(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.run$", "");
        return parse(name, Files.readAllLines(file));
    }

    /** Reads the INI form: sections, KEY = VALUE, a value continued on indented lines, # comments. */
    static Runfile parse(String name, List<String> lines) {
        Map<String, String> defaults = new LinkedHashMap<>();
        List<Group> groups = new ArrayList<>();
        String section = null;
        Map<String, String> values = null;
        String key = null;
        for (String line : lines) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                if (section != null && !section.equals("DEFAULT")) {
                    groups.add(new Group(section, values));
                }
                section = s.group(1).strip();
                values = section.equals("DEFAULT") ? defaults : new LinkedHashMap<>();
                key = null;
                continue;
            }
            if (values == null) {
                throw new IllegalArgumentException(name + ".run: a value before any section: " + line.strip());
            }
            if (Character.isWhitespace(line.charAt(0)) && key != null) {
                values.put(key, values.get(key) + " " + line.strip());
                continue;
            }
            Matcher k = KEY.matcher(line.strip());
            if (!k.matches()) {
                throw new IllegalArgumentException(name + ".run: not KEY = VALUE: " + line.strip());
            }
            key = k.group(1);
            values.put(key, k.group(2).strip());
        }
        if (section != null && !section.equals("DEFAULT")) {
            groups.add(new Group(section, values));
        }
        return new Runfile(name, defaults, groups);
    }

    /** The runfile as zfs-tests.sh reads it: the defaults, then the groups. */
    public String text() {
        StringBuilder sb = new StringBuilder("# written by quiz zts from " + name + ".run\n[DEFAULT]\n");
        defaults.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        for (Group g : groups) {
            sb.append("\n[").append(g.path()).append("]\n");
            g.settings().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        }
        return sb.toString();
    }

    /** The quoted words of a Python list literal: ['a', 'b'] gives a and b. */
    static List<String> words(String list) {
        List<String> words = new ArrayList<>();
        Matcher m = QUOTED.matcher(list);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
    }
}
