package dev.passage.server.testing;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Starts and injects the server of {@link PassageServer}; see there. */
final class PassageServerExtension implements BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PassageServerExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        Object instance = context.getRequiredTestInstance();
        PassageServer spec = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), PassageServer.class,
                        context.getEnclosingTestClasses())
                .orElseThrow(() -> new IllegalStateException("@PassageServer is missing"));
        String database = database(instance, spec);
        // The class's context (for a parameterized class: this database's run of it) owns the server.
        ExtensionContext owner = context.getParent().orElseThrow();
        TestServer server = owner.getStore(NAMESPACE).computeIfAbsent(database,
                kind -> TestServer.start(kind, settings(spec)), TestServer.class);
        for (Class<?> type = instance.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == TestServer.class) {
                    set(field, instance, server);
                } else if (field.getType() == Flows.class) {
                    set(field, instance, new Flows(server));
                } else if (field.getType() == String.class && field.isAnnotationPresent(PassageServer.Key.class)) {
                    set(field, instance, server.newOrgKey());
                }
            }
        }
    }

    private static String database(Object instance, PassageServer spec) throws IllegalAccessException {
        try {
            Field field = instance.getClass().getDeclaredField("database");
            field.setAccessible(true);
            if (field.get(instance) instanceof String kind) {
                return kind;
            }
        } catch (NoSuchFieldException e) {
            // Not parameterized over databases.
        }
        return spec.database();
    }

    private static Map<String, String> settings(PassageServer spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : spec.settings()) {
            int eq = pair.indexOf('=');
            settings.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return settings;
    }

    private static void set(Field field, Object instance, Object value) throws IllegalAccessException {
        field.setAccessible(true);
        field.set(instance, value);
    }
}
