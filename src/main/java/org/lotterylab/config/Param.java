package org.lotterylab.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The declaration of one config field, on a record component: the only place its description,
 * default and range are written. {@link Schema} reads it to build, read, write, document and
 * hash configs.
 *
 * <p>Field types: {@code boolean, int, long, double, String}, enums (written in lower case),
 * {@code int[]}, records whose components carry {@code @Param} (nested JSON objects), and lists
 * of such records or of the records permitted by a sealed interface (then each element names its
 * record with {@code "type"}, the record's simple name in lower case).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {

    /** What the field means, for documentation, help text and error messages. */
    String doc();

    /**
     * The default, as JSON text ({@code "1e-3"}, {@code "true"}, {@code "[4, 40, 40, 2]"},
     * {@code "null"}, {@code "\"\""} for the empty string) or a bare string ({@code "adam"},
     * {@code "circles+moons"}). Empty for a
     * nested record: its own fields' defaults.
     */
    String dflt() default "";

    /**
     * The allowed interval of a number, e.g. {@code "(0, 1]"} or {@code "[1, inf)"}; empty for
     * any value. NaN (a null of a {@link #nullable} field) is exempt.
     */
    String range() default "";

    /** JSON {@code null} is allowed; for a {@code double} it stands for NaN ("off"). */
    boolean nullable() default false;

    /** Named values of a number, as {@code "name=value"}, e.g. {@code "full=2147483647"}; written by name. */
    String[] names() default {};

    /** Whether the field enters the canonical form (labels such as a run's name do not). */
    boolean hashed() default true;

    /**
     * For a field of a record inside a list: whether the canonical form keeps it when it equals
     * its default. Fields of list elements are otherwise omitted at their default, so that adding
     * one leaves hashes unchanged; fields that were always written keep this on for the same reason.
     */
    boolean hashDefault() default false;
}
