package io.userscale.gpuapp.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
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

    /**
     * A value of the wrong kind where a matrix is expected ({@code "a": "x"}): Jackson calls it a
     * definition problem, which the framework would answer with a 500.
     */
    @Provider
    public static final class Definition implements ExceptionMapper<InvalidDefinitionException> {
        @Override
        public Response toResponse(InvalidDefinitionException e) {
            return JsonErrors.answer(e);
        }
    }

    /**
     * Bodies the framework's reader refuses (truncated JSON, say) arrive wrapped: answer them the
     * same way. The framework's other refusals (a body that is not JSON, a method an endpoint does
     * not take) come without a body: they get a JSON error saying what to send instead.
     */
    @Provider
    public static final class Wrapped implements ExceptionMapper<jakarta.ws.rs.WebApplicationException> {
        @Override
        public Response toResponse(jakarta.ws.rs.WebApplicationException e) {
            Response r = e.getResponse();
            if (e.getCause() instanceof JsonProcessingException json && r.getStatus() == 400) {
                return JsonErrors.answer(json);
            }
            if (r.hasEntity()) {
                return r;
            }
            String message = switch (r.getStatus()) {
                case 415 -> "the body must be JSON, sent with Content-Type: application/json";
                case 405 -> "this endpoint does not take that method; see GET /api/info";
                case 404 -> "no such endpoint; see GET /api/info";
                default -> e.getMessage();
            };
            return Response.fromResponse(r).type(MediaType.APPLICATION_JSON).entity(new ApiError(message, null, null))
                    .build();
        }
    }

    @Override
    public Response toResponse(JsonProcessingException e) {
        return answer(e);
    }

    static Response answer(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        Class<?> expected = e instanceof MismatchedInputException m ? m.getTargetType()
                : e instanceof InvalidDefinitionException d && d.getType() != null ? d.getType().getRawClass() : null;
        String message = field != null && expected != null
                ? field + " has the wrong type: expected " + describe(expected) + where
                : "malformed JSON body: " + e.getOriginalMessage() + where;
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(new ApiError(message, field, null)).build();
    }

    /** What a caller should have sent for a value of {@code type}. */
    static String describe(Class<?> type) {
        if (type == float[][].class) {
            return "a square matrix of numbers, [[1, 2], [3, 4]]";
        }
        if (type == float[].class) {
            return "a row of numbers, [1, 2]";
        }
        if (type == float.class || type == Float.class || type == double.class || type == Double.class) {
            return "a number";
        }
        return "a JSON " + (type.isArray() ? "array" : type.isRecord() ? "object" : type.getSimpleName());
    }
}
