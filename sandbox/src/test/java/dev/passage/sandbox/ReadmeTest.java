package dev.passage.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README is what automation authors rely on: every id, class and test id it names must exist. */
class ReadmeTest {
    private static final Map<String, List<String>> SOURCES = Map.of(
            "tmobile", List.of("src/main/jte/tmobile"),
            "att", List.of("src/main/jte/att"),
            "verizon", List.of("src/main/jte/verizon", "src/main/resources/assets/verizon"),
            "ubereats", List.of("src/main/jte/ubereats"),
            "apple-review", List.of("src/main/jte/applereview", "src/main/resources/assets/apple-review"));
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern ID = Pattern.compile("#([A-Za-z][\\w-]*)");
    private static final Pattern CLASS = Pattern.compile("(?<![\\w/])\\.([a-z_][\\w-]*)");
    private static final Pattern TEST_ID = Pattern.compile("data-testid=\"([^\"]+)\"");

    @Test
    void every_selector_the_readme_names_exists_in_the_portal_it_is_documented_for() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (String portal : SandboxPortals.IDS) {
            String section = section(readme, portal);
            String sources = sources(portal);
            List<String> missing = new ArrayList<>();
            int checked = 0;
            Matcher code = CODE.matcher(section);
            while (code.find()) {
                String span = code.group(1);
                if (span.contains("(")) {
                    continue; // a script expression, not a selector
                }
                for (String id : all(ID, span)) {
                    checked++;
                    boolean generated = id.matches("char[0-5]") && sources.contains("id=\"char${i}\"");
                    if (!generated && !quoted(sources, id)) {
                        missing.add("#" + id);
                    }
                }
                for (String cls : all(CLASS, span)) {
                    checked++;
                    if (!Pattern.compile("[\"' ]" + Pattern.quote(cls) + "[\"' ]").matcher(sources).find()) {
                        missing.add("." + cls);
                    }
                }
                for (String testId : all(TEST_ID, span)) {
                    checked++;
                    if (!sources.contains("data-testid=\"" + testId + "\"")) {
                        missing.add("[data-testid=" + testId + "]");
                    }
                }
            }
            assertThat(checked).as(portal + " selectors checked").isGreaterThan(10);
            assertThat(missing).as("selectors in the README's " + portal + " section that its pages lack").isEmpty();
        }
    }

    private static String section(String readme, String portal) {
        int start = readme.indexOf("### " + portal + ":");
        assertThat(start).as("README section for " + portal).isNotNegative();
        int end = readme.indexOf("\n### ", start + 1);
        int chapter = readme.indexOf("\n## ", start + 1);
        if (end < 0 || (chapter >= 0 && chapter < end)) {
            end = chapter;
        }
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    private static String sources(String portal) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String dir : SOURCES.get(portal)) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path file : files.sorted().toList()) {
                    all.append(Files.readString(file)).append('\n');
                }
            }
        }
        return all.toString();
    }

    private static boolean quoted(String sources, String token) {
        return sources.contains("\"" + token + "\"") || sources.contains("'" + token + "'");
    }

    private static List<String> all(Pattern pattern, String text) {
        return pattern.matcher(text).results().map(r -> r.group(1)).collect(Collectors.toList());
    }
}
