package io.closedloop.intake.channel.email.parse;

/** A file that came with a mail: kept by its SHA-256, referenced (never embedded) by the complaint. */
public record EmailAttachment(String fileName, String contentType, byte[] bytes, String sha256) {

    public int size() {
        return bytes.length;
    }
}
