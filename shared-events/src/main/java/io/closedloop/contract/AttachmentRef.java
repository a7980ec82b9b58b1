package io.closedloop.contract;

/** An attachment kept elsewhere (object store, mail store); complaints carry references, never bytes. */
public record AttachmentRef(String name, String uri, String mediaType) {
}
