#!/usr/bin/python3
"""GStreamer's gst-rtsp-server serving one launch line: the independent RTSP server edgecam's client and
benchmark are tested and compared against (Debian gir1.2-gst-rtsp-server-1.0 + python3-gi; run it with
/usr/bin/python3).

    gst_rtsp_server.py --port 8554 --path /test [--shared] [--record] [--user U --password P] [LAUNCH]

Listens on 127.0.0.1 only (--address to change it), prints "LISTENING rtsp://ADDRESS:PORT/PATH" once bound,
and stops on SIGTERM or SIGINT. Without LAUNCH it serves a live 1280x720 30 fps ball in openh264 at 2 Mbit/s.
With --record it takes streams instead (ANNOUNCE and RECORD, as a camera publishing to it): LAUNCH then starts with
the depayloader, such as "( rtph264depay name=depay0 ! h264parse ! mpegtsmux ! udpsink host=127.0.0.1 port=5000 )".
"""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

DEFAULT_LAUNCH = ("( videotestsrc is-live=true pattern=ball ! video/x-raw,width=1280,height=720,framerate=30/1 ! "
                  "openh264enc bitrate=2000000 gop-size=30 ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8554, help="0 picks a free port (printed)")
    parser.add_argument("--path", default="/test")
    parser.add_argument("--shared", action="store_true", help="one pipeline for every viewer")
    parser.add_argument("--record", action="store_true", help="take streams (RECORD) instead of serving them")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("launch", nargs="?", default=DEFAULT_LAUNCH)
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(args.launch)
    factory.set_shared(args.shared)
    if args.record:
        factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ""), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(permissions)
    server.get_mount_points().add_factory(args.path, factory)
    if server.attach(None) == 0:
        sys.exit("gst_rtsp_server.py: cannot listen on %s:%d" % (args.address, args.port))
    print("LISTENING rtsp://%s:%d%s" % (args.address, server.get_bound_port(), args.path), flush=True)

    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signum, loop.quit)
    loop.run()


if __name__ == "__main__":
    main()
