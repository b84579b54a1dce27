// The browser's side of a call's media: the microphone, one RTCPeerConnection, the remote audio,
// and a ringtone. WhatsApp's calling API takes a complete SDP (no trickle ICE), so an offer or an
// answer is handed over only once ICE gathering has finished.

const ICE_GATHERING_LIMIT_MS = 5_000;

/** The microphone; rejects with NotAllowedError when the person or the browser refuses it. */
export function microphone() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return Promise.reject(new Error('This page is not in a secure context (https or 127.0.0.1): no microphone.'));
  }
  return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
}

/** A refused microphone in words. */
export function describeMediaError(error) {
  if (error && (error.name === 'NotAllowedError' || error.name === 'SecurityError')) {
    return 'The microphone is blocked: allow it for this site in the browser, then try again.';
  }
  if (error && error.name === 'NotFoundError') return 'No microphone was found on this device.';
  return `The microphone could not be opened: ${error && error.message ? error.message : error}`;
}

function gatheringComplete(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { pc.removeEventListener('icegatheringstatechange', check); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    pc.addEventListener('icegatheringstatechange', check);
    setTimeout(done, ICE_GATHERING_LIMIT_MS); // what has gathered by then is enough on most networks
  });
}

/** One call's peer connection, sending the microphone and playing what comes back in audioElement. */
export class MediaCall {
  constructor(stream, audioElement, onStateChange = () => {}) {
    this.stream = stream;
    this.pc = new RTCPeerConnection({ iceServers: [] });
    stream.getAudioTracks().forEach((track) => this.pc.addTrack(track, stream));
    this.pc.addEventListener('track', (event) => {
      audioElement.srcObject = event.streams[0] || new MediaStream([event.track]);
      audioElement.play().catch(() => { /* autoplay refused: the page's controls still show the call */ });
    });
    this.pc.addEventListener('connectionstatechange', () => onStateChange(this.pc.connectionState));
  }

  /** The SDP answer to the other side's offer, complete with its ICE candidates. */
  async answer(offerSdp) {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await gatheringComplete(this.pc);
    return this.pc.localDescription.sdp;
  }

  /** Our SDP offer, complete with its ICE candidates. */
  async offer() {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gatheringComplete(this.pc);
    return this.pc.localDescription.sdp;
  }

  /** The other side's answer to our offer. */
  async accept(answerSdp) {
    if (this.pc.remoteDescription) return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  get connectionState() {
    return this.pc.connectionState;
  }

  setMuted(muted) {
    this.stream.getAudioTracks().forEach((track) => { track.enabled = !muted; });
  }

  /** Audio bytes received so far (inbound-rtp), to show that the other side is heard. */
  async bytesReceived() {
    let bytes = 0;
    (await this.pc.getStats()).forEach((report) => {
      if (report.type === 'inbound-rtp' && (report.kind === 'audio' || report.mediaType === 'audio')) bytes += report.bytesReceived || 0;
    });
    return bytes;
  }

  close() {
    this.pc.close();
    this.stream.getTracks().forEach((track) => track.stop());
  }
}

/** A ringtone made with Web Audio (no sound file to ship): two short tones every two seconds. */
export class Ringtone {
  start() {
    if (this.timer) return;
    const ring = () => {
      try {
        this.context = this.context || new AudioContext();
        const now = this.context.currentTime;
        [0, 0.4].forEach((offset) => {
          const tone = this.context.createOscillator();
          const gain = this.context.createGain();
          tone.frequency.value = 440;
          gain.gain.value = 0.1;
          tone.connect(gain).connect(this.context.destination);
          tone.start(now + offset);
          tone.stop(now + offset + 0.3);
        });
      } catch { /* no audio output: the page and the notification still show the call */ }
    };
    ring();
    this.timer = setInterval(ring, 2_000);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }
}
