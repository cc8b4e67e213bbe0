// Drives edgecam's ONVIF services with the npm 'onvif' package (agsh/onvif), an ONVIF client nobody here wrote:
// connect (GetSystemDateAndTime, GetServices, GetProfiles, GetVideoSources), then device information, stream and
// snapshot URIs of every profile, and the encoder and source configurations with the encoder's options.
// Prints one JSON line; run by OnvifClientTest.
// Usage: node onvif-client.mjs HOST PORT [USER PASSWORD]
import onvif from 'onvif';

const [hostname, port, username, password] = process.argv.slice(2);

function call(cam, method, ...args) {
  return new Promise((resolve, reject) => cam[method](...args, (err, result) => (err ? reject(err) : resolve(result))));
}

try {
  const cam = await new Promise((resolve, reject) => {
    const created = new onvif.Cam({hostname, port: Number(port), username, password, timeout: 10000},
        (err) => (err ? reject(err) : resolve(created)));
  });
  const info = await call(cam, 'getDeviceInformation');
  const profiles = [];
  for (const profile of cam.profiles) {
    const stream = await call(cam, 'getStreamUri', {protocol: 'RTSP', profileToken: profile.$.token});
    const snapshot = await call(cam, 'getSnapshotUri', {profileToken: profile.$.token});
    const encoder = profile.videoEncoderConfiguration;
    profiles.push({token: profile.$.token, encoding: encoder.encoding, width: encoder.resolution.width,
      height: encoder.resolution.height, fps: encoder.rateControl.frameRateLimit,
      bitrateKbps: encoder.rateControl.bitrateLimit, streamUri: stream.uri, snapshotUri: snapshot.uri});
  }
  const encoders = await call(cam, 'getVideoEncoderConfigurations');
  const encoder = await call(cam, 'getVideoEncoderConfiguration', encoders[0].$.token);
  const options = await call(cam, 'getVideoEncoderConfigurationOptions', {configurationToken: encoder.$.token});
  const sources = await call(cam, 'getVideoSourceConfigurations');
  const configurations = {encoders: encoders.length, encoderToken: encoder.$.token, sources: sources.length,
    frameRateMax: options.H264.frameRateRange.max, qualityMax: options.qualityRange.max};
  console.log(JSON.stringify({ok: true, info, configurations, uri: {device: cam.uri.device?.href, media: cam.uri.media?.href},
    videoSources: cam.videoSources ? [].concat(cam.videoSources).length : 0, profiles}));
} catch (err) {
  console.log(JSON.stringify({ok: false, error: String(err && err.message || err)}));
  process.exit(1);
}
