package dev.timmyloop.sandbox;

import java.time.Instant;

/**
 * One request the forge served, for tests and benchmarks (no headers: they carry the token).
 *
 * @param route the matched template, e.g. {@code /repos/{owner}/{repo}/issues}; null when unmatched
 */
public record RequestRecord(
    Instant time, String method, String path, String route, int status, long micros) {}
