#!/usr/bin/python3
"""Browses DNS-SD service types over mDNS with python3-zeroconf (a browser nobody at edgecam wrote) for SECONDS, then
resolves each service that answered and prints it as one JSON line: type, name, port, IPv4 addresses, TXT properties.

usage: zeroconf_browse.py INTERFACE_ADDRESS SECONDS TYPE... (types such as _http._tcp.local.)
Only INTERFACE_ADDRESS is used, so nothing is sent on any other interface."""
import json
import sys
import time

from zeroconf import ServiceBrowser, ServiceStateChange, Zeroconf


def main():
    address, seconds, types = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    zc = Zeroconf(interfaces=[address])
    added = []

    def on_change(zeroconf, service_type, name, state_change):
        # Only note the name here: resolving in the browser's callback would hold up the next events.
        if state_change is ServiceStateChange.Added and (service_type, name) not in added:
            added.append((service_type, name))

    browsers = [ServiceBrowser(zc, t, handlers=[on_change]) for t in types]
    time.sleep(seconds)
    for b in browsers:
        b.cancel()
    for service_type, name in list(added):
        info = zc.get_service_info(service_type, name, timeout=3000)
        if info is None:
            continue
        print(json.dumps({
            "type": service_type,
            "name": name,
            "port": info.port,
            "addresses": info.parsed_addresses(),
            "server": info.server,
            "properties": {k.decode(): (v.decode() if v is not None else None) for k, v in info.properties.items()},
        }), flush=True)
    zc.close()


if __name__ == "__main__":
    main()
