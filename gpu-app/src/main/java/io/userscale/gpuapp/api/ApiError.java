package io.userscale.gpuapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer.
 *
 * @param error what is wrong, in words
 * @param field the request field at fault, if one is
 * @param limit the limit it broke, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, Object limit) {
}
