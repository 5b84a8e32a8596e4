package dev.passage.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Passage server for a test class: one per class, or one per database when the class is a
 * {@code @ParameterizedClass} whose {@code database} parameter is "sqlite" or "postgresql"; closed when
 * the class (or that database's run of it) is done. Fields of the test instance are filled before
 * each test: a {@link TestServer} field with the server, a {@link Flows} field with a new
 * organization's flows, a String field marked {@link Key} with a new organization's API key.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PassageServerExtension.class)
public @interface PassageServer {
    /** The database of a class that is not parameterized over databases. */
    String database() default "sqlite";

    /** Configuration for this class's server, as {@code key=value}. */
    String[] settings() default {};

    /** Marks a String field to receive a new organization's API key before each test. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @interface Key {}
}
