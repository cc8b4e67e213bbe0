// Finds ONVIF devices with the npm 'onvif' package's WS-Discovery probe (a multicast Probe to 239.255.255.250:3702
// for NetworkVideoTransmitters), then connects to each found device service with the same package. Prints one JSON
// line with every ProbeMatch; run by WsDiscoveryLabTest inside a network namespace.
// Usage: node onvif-discover.mjs DEVICE TIMEOUT_MS [USER PASSWORD]
import onvif from 'onvif';

const [device, timeout, username, password] = process.argv.slice(2);

try {
  const matches = await new Promise((resolve, reject) => onvif.Discovery.probe(
      {device, timeout: Number(timeout), resolve: false}, (err, found) => (err ? reject(err) : resolve(found || []))));
  const devices = [];
  for (const match of matches) {
    const probeMatch = match.probeMatches.probeMatch;
    const xaddrs = String(probeMatch.XAddrs).split(/\s+/);
    const url = new URL(xaddrs[0]);
    const info = await new Promise((resolve, reject) => {
      const cam = new onvif.Cam({hostname: url.hostname, port: Number(url.port), username, password, timeout: 10000},
          (err) => (err ? reject(err) : cam.getDeviceInformation((e, i) => (e ? reject(e) : resolve(i)))));
    });
    devices.push({endpoint: probeMatch.endpointReference.address, types: probeMatch.types,
      scopes: String(probeMatch.scopes).split(/\s+/), xaddrs, manufacturer: info.manufacturer});
  }
  console.log(JSON.stringify({ok: true, devices}));
} catch (err) {
  console.log(JSON.stringify({ok: false, error: String(err && err.message || err)}));
  process.exit(1);
}
