package dev.passage.server.integrations;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.passage.server.config.ConfigException;
import dev.passage.server.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The integrations this server offers, loaded from data files ({@code <id>.json} plus shared
 * {@code schemas/<name>.json}) and checked at start-up: each file against the integration format,
 * each schema against JSON Schema draft 2020-12. A broken file stops start-up with its name.
 */
public final class IntegrationRegistry {
    private static final String BUNDLED = "integrations";

    private final Map<String, Integration> byId;

    private IntegrationRegistry(Map<String, Integration> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** Loads from {@code dir}, or from the definitions bundled in the server when empty. */
    public static IntegrationRegistry load(Optional<Path> dir) {
        if (dir.isPresent()) {
            if (!Files.isDirectory(dir.get())) {
                throw new ConfigException("integrations.dir " + dir.get() + " is not a directory.");
            }
            return loadFrom(dir.get());
        }
        URL url = IntegrationRegistry.class.getClassLoader().getResource(BUNDLED);
        if (url == null) {
            throw new ConfigException("The bundled integrations are missing from the build.");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return loadFrom(fs.provider().getPath(uri));
                }
            }
            return loadFrom(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new ConfigException("The bundled integrations could not be read: " + e.getMessage() + ".");
        }
    }

    static IntegrationRegistry loadFrom(Path dir) {
        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema format = readFormat(schemas);
        Schema metaSchema = schemas.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        Map<String, JsonNode> shared = readShared(dir.resolve("schemas"), metaSchema);
        Map<String, Integration> byId = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("The integrations directory " + dir + " could not be listed: " + e.getMessage() + ".");
        }
        for (Path file : files) {
            Integration integration = readIntegration(file, format, metaSchema, schemas, shared);
            if (byId.putIfAbsent(integration.id(), integration) != null) {
                throw IntegrationLoadException.in(name(file), "another file already defines integration '" + integration.id() + "'.");
            }
        }
        if (byId.isEmpty()) {
            throw new ConfigException("No integration definitions found in " + dir + ".");
        }
        return new IntegrationRegistry(byId);
    }

    private static Schema readFormat(SchemaRegistry schemas) {
        try (InputStream in = IntegrationRegistry.class.getResourceAsStream("/integration.schema.json")) {
            return schemas.getSchema(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new ConfigException("The integration format schema is missing from the build.");
        }
    }

    private static Map<String, JsonNode> readShared(Path dir, Schema metaSchema) {
        Map<String, JsonNode> shared = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return shared;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode schema = readJson(file);
                checkSchema("schemas/" + name(file), "", schema, metaSchema);
                String fileName = name(file);
                shared.put(fileName.substring(0, fileName.length() - ".json".length()), schema);
            }
        } catch (IOException e) {
            throw new ConfigException("The schemas directory " + dir + " could not be listed: " + e.getMessage() + ".");
        }
        return shared;
    }

    private static Integration readIntegration(Path file, Schema format, Schema metaSchema, SchemaRegistry schemas,
                                               Map<String, JsonNode> shared) {
        String fileName = name(file);
        JsonNode root = readJson(file);
        List<Error> errors = format.validate(root);
        if (!errors.isEmpty()) {
            throw IntegrationLoadException.in(fileName, errors.getFirst().toString());
        }
        String id = root.get("id").asString();
        if (!fileName.equals(id + ".json")) {
            throw IntegrationLoadException.in(fileName, "its id '" + id + "' must match the file name.");
        }
        List<Integration.Resource> resources = new ArrayList<>();
        Set<String> resourceNames = new LinkedHashSet<>();
        for (JsonNode resourceNode : root.get("resources")) {
            String resource = resourceNode.get("name").asString();
            if (!resourceNames.add(resource)) {
                throw IntegrationLoadException.in(fileName, "resource '" + resource + "' is defined twice.");
            }
            List<Operation> operations = new ArrayList<>();
            for (var entry : resourceNode.get("operations").properties()) {
                String action = entry.getKey();
                JsonNode op = entry.getValue();
                String where = resource + "." + action;
                JsonNode arguments = resolve(fileName, where + ".arguments", op.get("arguments"), shared, metaSchema);
                JsonNode result = resolve(fileName, where + ".result", op.get("result"), shared, metaSchema);
                operations.add(new Operation(resource, action, op.get("description").asString(), arguments, result,
                        arguments == null ? null : schemas.getSchema(arguments),
                        result == null ? null : schemas.getSchema(result),
                        secretArguments(arguments)));
            }
            resources.add(new Integration.Resource(resource, List.copyOf(operations)));
        }
        JsonNode automation = root.get("automation");
        Automation typed;
        try {
            typed = automation == null ? null : AutomationParser.parse(fileName, id, automation, resources);
        } catch (IllegalArgumentException e) {
            throw IntegrationLoadException.in(fileName, e.getMessage() + ".");
        }
        return new Integration(id, root.get("name").asString(), List.copyOf(resources), typed);
    }

    private static JsonNode resolve(String file, String where, JsonNode ref, Map<String, JsonNode> shared, Schema metaSchema) {
        if (ref == null || ref.isNull()) {
            return null;
        }
        if (ref.isString()) {
            JsonNode schema = shared.get(ref.asString());
            if (schema == null) {
                throw IntegrationLoadException.in(file, where + " names schemas/" + ref.asString() + ".json, which does not exist.");
            }
            return schema;
        }
        checkSchema(file, where, ref, metaSchema);
        return ref;
    }

    private static void checkSchema(String file, String where, JsonNode schema, Schema metaSchema) {
        List<Error> errors = metaSchema.validate(schema);
        if (!errors.isEmpty()) {
            throw IntegrationLoadException.in(file, (where.isEmpty() ? "" : where + " ")
                    + "is not a valid JSON Schema (draft 2020-12): " + errors.getFirst() + ".");
        }
    }

    private static Set<String> secretArguments(JsonNode schema) {
        Set<String> secret = new LinkedHashSet<>();
        if (schema != null && schema.get("properties") instanceof JsonNode props && props.isObject()) {
            props.properties().forEach(e -> {
                if (e.getValue().path("writeOnly").asBoolean(false)) {
                    secret.add(e.getKey());
                }
            });
        }
        return secret;
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.mapper().readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw IntegrationLoadException.in(name(file), "not valid JSON: " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw IntegrationLoadException.in(name(file), "could not be read: " + e.getMessage() + ".");
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    public Optional<Integration> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every integration, in id order. */
    public List<Integration> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(Integration::id)).toList();
    }
}
