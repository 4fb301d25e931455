package io.userscale.gpuapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs on every gpu-app endpoint — wrong types, deep nesting, huge and
 * non-finite numbers, unicode, empty, truncated and oversized bodies, junk query values. Each
 * answer is a success or a 4xx whose JSON names the problem, never a 5xx other than the 503 of a
 * device this pod lacks or a full pod. Valid sizes and service times are kept small so that the
 * cases that pass do little work. {@code -Dfuzz.cases=N} runs more (default 1500 a kind).
 */
@QuarkusTest
@TestProfile(ApiFuzzIT.CpuOnly.class)
class ApiFuzzIT {

    public static class CpuOnly extends TwoModelSlots {
    }

    static final int CASES = Integer.getInteger("fuzz.cases", 1500);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] UNICODE = {"é", "日本", "\u202Eevil", "🙂", "\\u0000", "𝟘", "\u00A0", "ß", "\uFFFD"};

    final Random random = new Random(20261204);
    final Map<Integer, Integer> statuses = new TreeMap<>();

    /** A success, or a client error whose JSON body says what is wrong; a 503 only for a device or a full pod. */
    private void check(Response r, String what) {
        int status = r.statusCode();
        statuses.merge(status, 1, Integer::sum);
        if (status == 200) {
            return;
        }
        String body = r.asString();
        assertThat(status).as("%s -> %d %s", what, status, body).isIn(400, 404, 405, 413, 415, 503);
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(what + " -> " + status + " without a JSON error: " + body, e);
        }
        assertThat(json.path("error").asText()).as("%s -> %d %s", what, status, body).isNotBlank();
        assertThat(body).as("%s: no stack trace", what).doesNotContain("Exception").doesNotContain("\tat ");
        if (status == 503) {
            assertThat(json.path("error").asText()).as(what).containsAnyOf("GPU", "busy", "full", "queue", "device");
        }
    }

    private String junkValue() {
        return switch (random.nextInt(14)) {
            case 0 -> "";
            case 1 -> Integer.toString(random.nextInt(64) + 1); // valid and small
            case 2 -> Long.toString(random.nextLong());
            case 3 -> "99999999999999999999999";
            case 4 -> "-" + random.nextInt(10);
            case 5 -> "NaN";
            case 6 -> "Infinity";
            case 7 -> "1e3";
            case 8 -> " 7";
            case 9 -> "0x10";
            case 10 -> UNICODE[random.nextInt(UNICODE.length)];
            case 11 -> "%00";
            case 12 -> "3.5";
            default -> "x".repeat(random.nextInt(1000)); // the request line stays within the server's 4 KiB
        };
    }

    private String device() {
        return switch (random.nextInt(6)) {
            case 0 -> "cpu";
            case 1 -> "auto";
            case 2 -> "gpu";
            case 3 -> "model";
            case 4 -> "";
            default -> junkValue();
        };
    }

    @Test
    void junkQueriesOnTheGetEndpoints() {
        for (int i = 0; i < CASES; i++) {
            String size = junkValue();
            String device = device();
            check(given().queryParam("size", size).queryParam("device", device).queryParam("seed", junkValue())
                    .get("/api/matmul"), "GET /api/matmul size=" + abbreviate(size) + " device=" + abbreviate(device));
            String ms = junkValue();
            check(given().queryParam("ms", ms).queryParam("device", device).get("/api/work"),
                    "GET /api/work ms=" + abbreviate(ms) + " device=" + abbreviate(device));
        }
        check(given().get("/api/info"), "GET /api/info");
        System.out.printf("GET fuzz: %d cases, statuses %s%n", 2 * CASES + 1, statuses);
    }

    @Test
    void junkBodiesOnThePostEndpoint() {
        for (int i = 0; i < CASES; i++) {
            String body = body();
            String what = "POST /api/matmul " + abbreviate(body);
            var request = given().contentType(random.nextInt(10) == 0 ? ContentType.TEXT : ContentType.JSON);
            check(request.body(body).post("/api/matmul?device=" + (random.nextBoolean() ? "cpu" : "auto")), what);
        }
        System.out.printf("POST fuzz: %d cases, statuses %s%n", CASES, statuses);
    }

    private String body() {
        return switch (random.nextInt(8)) {
            case 0 -> ""; // empty
            case 1 -> truncated(validBody());
            case 2 -> mutated();
            case 3 -> oversized();
            case 4 -> "{\"a\": " + value(0) + ", \"b\": " + value(0) + "}";
            case 5 -> value(0);
            case 6 -> validBody();
            default -> "{\"a\": " + matrix(1 + random.nextInt(4), true) + ", \"b\": " + value(0) + "}";
        };
    }

    /** A random JSON value nested up to a few levels: numbers of every kind, unicode, nulls. */
    private String value(int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 9);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> List.of("1e400", "-1e400", "1e-400", "-0", "0", "123456789012345678901234567890", "3.14",
                    "-7").get(random.nextInt(8));
            case 3 -> "\"" + UNICODE[random.nextInt(UNICODE.length)] + "\"";
            case 4 -> "\"NaN\"";
            case 5 -> Integer.toString(random.nextInt(100));
            case 6 -> matrix(1 + random.nextInt(4), true);
            case 7 -> {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(value(depth + 1));
                }
                yield "[" + String.join(", ", items) + "]";
            }
            default -> "{\"" + UNICODE[random.nextInt(UNICODE.length)] + "\": " + value(depth + 1) + "}";
        };
    }

    private String matrix(int n, boolean numbers) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < n; j++) {
                b.append(j == 0 ? "" : ", ").append(numbers ? Integer.toString(random.nextInt(10)) : value(3));
            }
            b.append(']');
        }
        return b.append(']').toString();
    }

    private String validBody() {
        int n = 1 + random.nextInt(6);
        return "{\"a\": " + matrix(n, true) + ", \"b\": " + matrix(n, true) + "}";
    }

    private String truncated(String body) {
        return body.substring(0, random.nextInt(body.length()));
    }

    /** A valid body with one element of one matrix replaced by anything. */
    private String mutated() {
        int n = 1 + random.nextInt(4);
        String a = matrix(n, true);
        int at = a.indexOf(Integer.toString(random.nextInt(10)));
        if (at > 0) {
            a = a.substring(0, at) + value(2) + a.substring(at + 1);
        }
        return "{\"a\": " + a + ", \"b\": " + matrix(n, random.nextInt(4) > 0) + "}";
    }

    /** Above the 512×512 limit of supplied matrices, now and then (they are big to send). */
    private String oversized() {
        if (random.nextInt(20) > 0) {
            return validBody();
        }
        return "{\"a\": " + matrix(513, true) + ", \"b\": [[1]]}";
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "… (" + s.length() + " chars)";
    }
}
