package dev.passage.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Packs the browser extension into the zip a browser's extension store takes: the extension's files
 * (no tests, dotfiles or notes), its manifest's {@code version} set from this build's version in the
 * dotted numeric form Chrome requires ({@code version_name} keeps the whole string), and the Passage
 * servers it trusts written into {@code config.js} and into the manifest's host permissions and
 * link-page matches. A build for the store never trusts any localhost server.
 */
final class ExtensionPack {
    /** Where the build keeps its copy of {@code extension/} on the class path. */
    static final String BUILT_IN = "/passage-extension";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NUMERIC = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?");
    private static final Pattern DEFAULT_SERVER = Pattern.compile("(defaultServer:\\s*)\"[^\"]*\"");
    private static final Pattern SERVERS = Pattern.compile("(servers:\\s*)\\[[^\\]]*\\]");
    private static final Pattern LOOPBACK = Pattern.compile("(trustLoopbackServers:\\s*)(true|false)");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("test", "tests", "__tests__", "node_modules");
    private static final Pattern SKIPPED_FILES = Pattern.compile("(?i).*(\\.test\\.js|\\.spec\\.js|\\.map|\\.md|~)$");
    /** Entries carry one fixed time, so packing the same files twice gives the same zip. */
    private static final FileTime ENTRY_TIME = FileTime.fromMillis(315_964_800_000L);

    /** A refusal, in one sentence for the person packing. */
    static final class PackException extends RuntimeException {
        PackException(String message) {
            super(message);
        }
    }

    /** What was written: the zip, the manifest's version and version_name, how many files, and for which servers. */
    record Packed(Path zip, String version, String versionName, int files, List<String> servers) {}

    private ExtensionPack() {}

    /** This build's version (the Maven project version), e.g. {@code 0.1.0-SNAPSHOT}. */
    static String buildVersion() {
        try (InputStream in = ExtensionPack.class.getResourceAsStream("build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "");
            if (v.isBlank() || v.contains("${")) {
                throw new PackException("This build does not know its version (build.properties); build it with ./mvnw package.");
            }
            return v.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code version} as Chrome's manifest wants it: one to four dot-separated integers (0.1.0-SNAPSHOT → 0.1.0). */
    static String chromeVersion(String version) {
        Matcher m = NUMERIC.matcher(version);
        if (!m.find()) {
            throw new PackException("The version '" + version + "' does not start with a number, as a browser's store needs.");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 1; i <= 4 && m.group(i) != null; i++) {
            long n = Long.parseLong(m.group(i));
            if (n > 65535) {
                throw new PackException("The version '" + version + "' has a part above 65535, which browsers refuse.");
            }
            parts.add(Long.toString(n));
        }
        return String.join(".", parts);
    }

    /** Where the zip goes when no --out is given: {@code ./passage-extension-<version>.zip}. */
    static Path defaultOut(String versionName) {
        return Path.of("passage-extension-" + versionName + ".zip");
    }

    /**
     * Packs {@code from} (empty: the build's own copy) into {@code out} for {@code servers} (Passage server
     * URLs; none: those of config.js, which must then not trust any localhost server, unless {@code dev}).
     */
    static Packed pack(Optional<Path> from, Path out, List<String> servers, boolean dev, String versionName) {
        if (from.isPresent()) {
            return packDirectory(from.get(), out, servers, dev, versionName);
        }
        URL manifest = ExtensionPack.class.getResource(BUILT_IN + "/manifest.json");
        if (manifest == null) {
            throw new PackException("This build has no copy of the extension; pass --from with the extension's directory.");
        }
        try {
            URI uri = manifest.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return packDirectory(jar.getPath(BUILT_IN), out, servers, dev, versionName);
                }
            }
            return packDirectory(Path.of(uri).getParent(), out, servers, dev, versionName);
        } catch (URISyntaxException | IOException e) {
            throw new PackException("Could not read the extension inside this build: " + e.getMessage());
        }
    }

    private static Packed packDirectory(Path root, Path out, List<String> serverUrls, boolean dev, String versionName) {
        if (!Files.isRegularFile(root.resolve("manifest.json")) || !Files.isRegularFile(root.resolve("config.js"))) {
            throw new PackException(root + " is not the extension's directory: it has no manifest.json and config.js.");
        }
        List<Path> files = files(root);
        String version = chromeVersion(versionName);
        String config = read(root.resolve("config.js"));
        ObjectNode manifest = (ObjectNode) JSON.readTree(read(root.resolve("manifest.json")));
        List<String> servers = serverUrls.stream().map(ExtensionPack::server).toList();
        if (!servers.isEmpty()) {
            config = configFor(config, servers);
        } else if (!dev && loopbackTrusted(config)) {
            throw new PackException("extension/config.js trusts any localhost server (trustLoopbackServers: true): pass --server"
                    + " https://your-passage-server (once per server) to pack for the store, or --dev for a development build.");
        } else if (!dev) {
            servers = configServers(config);
            if (servers.isEmpty()) {
                throw new PackException("extension/config.js trusts no Passage server: pass --server https://your-passage-server.");
            }
        }
        manifest.put("version", version);
        manifest.put("version_name", versionName);
        if (!servers.isEmpty()) {
            permit(manifest, servers);
        }
        write(root, files, out, Map.of("manifest.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n",
                "config.js", config));
        return new Packed(out.toAbsolutePath().normalize(), version, versionName, files.size(), servers);
    }

    /** The files to ship, sorted: no dotfiles, test or dependency directories, tests, source maps or notes. */
    private static List<Path> files(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> shipped(root.relativize(p)))
                    .sorted((a, b) -> entry(root, a).compareTo(entry(root, b))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean shipped(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return !SKIPPED_FILES.matcher(relative.getFileName().toString()).matches();
    }

    private static String entry(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** A Passage server as config.js names it: its origin and any base path; https, or http on this machine only. */
    private static String server(String raw) {
        URI url;
        try {
            url = new URI(raw.strip().replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw new PackException("--server " + raw + " is not a URL; give the Passage server's address, e.g. https://connect.example.com.");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean local = host.equals("localhost") || host.equals("127.0.0.1");
        if (host.isEmpty() || !(scheme.equals("https") || (scheme.equals("http") && local))) {
            throw new PackException("--server " + raw + " must be an https:// address (http:// only for localhost).");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new PackException("--server " + raw + " must be the server's address alone, without a query or fragment.");
        }
        return scheme + "://" + host + (url.getPort() == -1 ? "" : ":" + url.getPort()) + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private static String origin(String server) {
        URI url = URI.create(server);
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    /** config.js trusting exactly {@code servers}: the first is where a bare code is claimed; no localhost server besides. */
    private static String configFor(String config, List<String> servers) {
        ArrayNode origins = JSON.createArrayNode();
        new LinkedHashSet<>(servers.stream().map(ExtensionPack::origin).toList()).forEach(origins::add);
        String out = replace(DEFAULT_SERVER, config, "$1" + Matcher.quoteReplacement(JSON.writeValueAsString(servers.getFirst())));
        out = replace(SERVERS, out, "$1" + Matcher.quoteReplacement(origins.toString().replace(",", ", ")));
        return replace(LOOPBACK, out, "$1false");
    }

    private static boolean loopbackTrusted(String config) {
        Matcher m = LOOPBACK.matcher(config);
        if (!m.find()) {
            throw shapeChanged();
        }
        return m.group(2).equals("true");
    }

    private static List<String> configServers(String config) {
        Matcher m = SERVERS.matcher(config);
        if (!m.find()) {
            throw shapeChanged();
        }
        String list = m.group().substring(m.group().indexOf('['));
        List<String> servers = new ArrayList<>();
        try {
            JSON.readTree(list).forEach(s -> servers.add(server(s.asString())));
        } catch (tools.jackson.core.JacksonException e) {
            throw shapeChanged();
        }
        return servers;
    }

    private static String replace(Pattern pattern, String text, String replacement) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw shapeChanged();
        }
        return m.replaceFirst(replacement);
    }

    private static PackException shapeChanged() {
        return new PackException("extension/config.js no longer sets defaultServer, servers and trustLoopbackServers"
                + " the way pack reads them; keep those three keys with literal values.");
    }

    /** Host permissions for each server's origin, and its link pages for the content script. */
    private static void permit(ObjectNode manifest, List<String> servers) {
        ArrayNode hosts = manifest.putArray("host_permissions");
        new LinkedHashSet<>(servers.stream().map(s -> origin(s) + "/*").toList()).forEach(hosts::add);
        for (var script : manifest.path("content_scripts")) {
            ArrayNode matches = ((ObjectNode) script).putArray("matches");
            new LinkedHashSet<>(servers.stream().map(s -> s + "/clip*").toList()).forEach(matches::add);
        }
    }

    private static void write(Path root, List<Path> files, Path out, Map<String, String> replaced) {
        Path target = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), ".passage-extension", ".zip");
            try (OutputStream stream = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(stream)) {
                for (Path file : files) {
                    String name = entry(root, file);
                    ZipEntry e = new ZipEntry(name);
                    e.setLastModifiedTime(ENTRY_TIME);
                    zip.putNextEntry(e);
                    zip.write(replaced.containsKey(name) ? replaced.get(name).getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file));
                    zip.closeEntry();
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PackException("Could not write " + target + ": " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
