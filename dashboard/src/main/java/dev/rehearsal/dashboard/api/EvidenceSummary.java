package dev.rehearsal.dashboard.api;

/**
 * Whether a report's envelope is signed, by which key, and the SHA-256 of its payload (what a
 * compliance export cites); absent (null) for a report stored before evidence existed.
 */
record EvidenceSummary(boolean signed, String keyId, String payloadSha256) {

    static EvidenceSummary of(String keyId, String payloadSha256) {
        return payloadSha256 == null ? null : new EvidenceSummary(keyId != null, keyId, payloadSha256);
    }
}
