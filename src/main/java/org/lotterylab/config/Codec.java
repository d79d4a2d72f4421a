package org.lotterylab.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Between the Java value of one field type and its JSON form; {@link Codecs} makes one per type. */
interface Codec {
    /** The full JSON form of {@code v}. */
    JsonNode write(Object v);

    /** The form inside a canonical tree (nested records canonical too). */
    default JsonNode canonical(Object v) {
        return write(v);
    }

    /** The value {@code n} stands for; errors name {@code path}, the dotted field. */
    Object read(JsonNode n, String path);

    /** What JSON the type takes, for help and errors, e.g. "an integer or \"full\"". */
    String describe();
}
