package io.userscale.ingest.expo;

/**
 * Why the line being parsed is left out. Internal to the parser, which catches it per line; it
 * carries no stack trace, as garbage input raises one per line.
 */
final class LineError extends RuntimeException {

    LineError(String reason) {
        super(reason, null, false, false);
    }
}
