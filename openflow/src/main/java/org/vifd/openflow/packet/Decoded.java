package org.vifd.openflow.packet;

import org.vifd.openflow.DecodeException;

/** The result of parsing untrusted bytes: a value, or the error with its offset. Parsers never throw. */
public sealed interface Decoded<T> {
    record Ok<T>(T value) implements Decoded<T> {
    }

    record Failed<T>(DecodeException error) implements Decoded<T> {
    }

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> failed(int offset, String what) {
        return new Failed<>(new DecodeException(offset, what));
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws IllegalStateException (not for pipelines) if this is a failure. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException(((Failed<T>) this).error().getMessage());
    }

    /** The error, or null. */
    default DecodeException error() {
        return this instanceof Failed<T> f ? f.error() : null;
    }
}
