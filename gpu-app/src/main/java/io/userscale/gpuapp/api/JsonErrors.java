package io.userscale.gpuapp.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;

/** A body that is not the JSON expected gets a 400 naming where it went wrong, not a stack trace. */
@Provider
public final class JsonErrors implements ExceptionMapper<JsonProcessingException> {

    /** The more specific case, which would otherwise meet the framework's own mapper first. */
    @Provider
    public static final class Mismatched implements ExceptionMapper<MismatchedInputException> {
        @Override
        public Response toResponse(MismatchedInputException e) {
            return JsonErrors.answer(e);
        }
    }

    /** Bodies the framework's reader refuses (truncated JSON, say) arrive wrapped: answer them the same way. */
    @Provider
    public static final class Wrapped implements ExceptionMapper<jakarta.ws.rs.WebApplicationException> {
        @Override
        public Response toResponse(jakarta.ws.rs.WebApplicationException e) {
            if (e.getCause() instanceof JsonProcessingException json && e.getResponse().getStatus() == 400) {
                return JsonErrors.answer(json);
            }
            return e.getResponse();
        }
    }

    @Override
    public Response toResponse(JsonProcessingException e) {
        return answer(e);
    }

    static Response answer(JsonProcessingException e) {
        String field = null;
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("malformed JSON body: " + e.getOriginalMessage() + where, field, null)).build();
    }
}
