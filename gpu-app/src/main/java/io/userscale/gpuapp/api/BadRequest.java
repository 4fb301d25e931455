package io.userscale.gpuapp.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A request the service refuses, answered with a JSON {@link ApiError}. */
public final class BadRequest extends WebApplicationException {

    public BadRequest(int status, String error, String field, Object limit) {
        super(error, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(error, field, limit)).build());
    }

    public static BadRequest invalid(String field, String error) {
        return new BadRequest(400, error, field, null);
    }

    public static BadRequest tooLarge(String field, String error, Object limit) {
        return new BadRequest(413, error, field, limit);
    }
}
