package io.wacall.sandbox;

/**
 * Minimal RFC 8866 session descriptions for one Opus audio stream, with CRLF line ends as the Cloud
 * API requires (docs/meta-cloud-api.md#sdp). Nothing in the sandbox carries media: these only
 * have to look like what WhatsApp and a WebRTC stack exchange, so tests and the embedded mode can
 * send them as they are.
 */
public final class Sdp {
  /** An offer: what the business sends on connect, and what the sandbox's caller sends. */
  public static final String OFFER =
      String.join(
          "\r\n",
          "v=0",
          "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
          "s=-",
          "t=0 0",
          "a=group:BUNDLE audio",
          "m=audio 9 UDP/TLS/RTP/SAVPF 111 126",
          "c=IN IP4 0.0.0.0",
          "a=rtcp:9 IN IP4 0.0.0.0",
          "a=ice-ufrag:sbox",
          "a=ice-pwd:sandboxsandboxsandboxsa",
          "a=fingerprint:sha-256 "
              + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
              + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
          "a=setup:actpass",
          "a=mid:audio",
          "a=sendrecv",
          "a=rtcp-mux",
          "a=rtpmap:111 opus/48000/2",
          "a=fmtp:111 minptime=10;useinbandfec=1",
          "a=rtpmap:126 telephone-event/8000",
          "");

  /** An answer: what the business sends on pre_accept/accept, and the sandbox on a BIC connect. */
  public static final String ANSWER =
      String.join(
          "\r\n",
          "v=0",
          "o=- 7230189467051238804 2 IN IP4 127.0.0.1",
          "s=-",
          "t=0 0",
          "a=group:BUNDLE audio",
          "a=ice-lite",
          "m=audio 3482 UDP/TLS/RTP/SAVPF 111 126",
          "c=IN IP4 127.0.0.1",
          "a=rtcp:9 IN IP4 0.0.0.0",
          "a=ice-ufrag:xobs",
          "a=ice-pwd:xobsdnasxobsdnasxobsdn",
          "a=fingerprint:sha-256 "
              + "FF:EE:DD:CC:BB:AA:99:88:77:66:55:44:33:22:11:00:"
              + "FF:EE:DD:CC:BB:AA:99:88:77:66:55:44:33:22:11:00",
          "a=setup:active",
          "a=mid:audio",
          "a=sendrecv",
          "a=rtcp-mux",
          "a=rtpmap:111 opus/48000/2",
          "a=fmtp:111 minptime=10;useinbandfec=1",
          "a=rtpmap:126 telephone-event/8000",
          "");

  /** Every session description starts with its version line (RFC 8866 section 5). */
  public static boolean looksValid(String sdp) {
    return sdp != null && sdp.startsWith("v=0");
  }

  private Sdp() {}
}
