package io.wacall.backend.cloudapi;

/**
 * The standard Graph error body,
 * {@code {"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}}
 * (docs/meta-cloud-api.md#error-codes). Every field may be missing, so every field is nullable.
 *
 * @param details {@code error_data.details}, or {@code error_data} itself when Meta sends it as a string
 */
public record GraphError(
    Integer code, Integer subcode, String type, String message, String details, String fbtraceId) {}
