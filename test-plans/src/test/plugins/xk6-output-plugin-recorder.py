#!/usr/bin/python3
"""A k6 output plug-in for the xk6-output-plugin protocol, on stubs it generates at start from the
protocol's output.proto (its first argument) with Debian's grpc tools. It serves as the SDKs do and
writes every call and sample it gets, one JSON line each, to the file its second argument names.
A third argument makes it misbehave: "exit-after-samples" (exits with status 3 after its second
AddSamples), "no-handshake" (never prints its line), "hang-samples" (never answers AddSamples
after the first), "unix" (serves on a Unix socket, prints the Go form of the line and, as go-plugin's servers do,
streams a log line over plugin.GRPCStdio/StreamStdio), "count" (writes only each
AddSamples' count: for measuring the host, not the plug-in).

Usage: K6_OUT=plugin=/path/xk6-output-plugin-recorder.py /path/output.proto records.jsonl [MODE]"""
import json
import logging
import os
import sys
import tempfile
import threading
import time
from concurrent import futures

from grpc_tools import protoc  # noqa: E402

proto = os.path.abspath(sys.argv[1])
stubs = os.path.abspath(sys.argv[2]) + ".stubs"  # beside the records, not left in /tmp
os.makedirs(stubs, exist_ok=True)
if protoc.main(["protoc", "-I" + os.path.dirname(proto), "--python_out=" + stubs,
                "--grpc_python_out=" + stubs, proto]) != 0:
    sys.exit("could not generate the stubs from " + proto)
# go-plugin's stdio stream, declared here by its package, names and field numbers.
with open(os.path.join(stubs, "stdio.proto"), "w") as f:
    f.write('syntax = "proto3"; package plugin; message Empty {}\n'
            'message StdioData { enum Channel { INVALID = 0; STDOUT = 1; STDERR = 2; }\n'
            '  Channel channel = 1; bytes data = 2; }\n'
            'service GRPCStdio { rpc StreamStdio(Empty) returns (stream StdioData); }\n')
if protoc.main(["protoc", "-I" + stubs, "--python_out=" + stubs, "--grpc_python_out=" + stubs,
                os.path.join(stubs, "stdio.proto")]) != 0:
    sys.exit("could not generate the stdio stubs")
sys.path.insert(0, stubs)
import grpc  # noqa: E402
import output_pb2  # noqa: E402
import output_pb2_grpc  # noqa: E402
import stdio_pb2  # noqa: E402
import stdio_pb2_grpc  # noqa: E402

record_path = sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else ""
lock = threading.Lock()
records = open(record_path, "w", encoding="utf-8")


def write(obj):
    with lock:
        records.write(json.dumps(obj) + "\n")
        records.flush()


def log(level, message, **fields):
    # One JSON object per line on stderr, as the SDKs log.
    fields.update({"@level": level, "@message": message})
    sys.stderr.write(json.dumps(fields) + "\n")
    sys.stderr.flush()


class Recorder(output_pb2_grpc.OutputServicer):
    def __init__(self):
        self.batches = 0

    def Init(self, request, context):
        env = dict(request.params.environment)
        write({"call": "Init", "env_has_path": "PATH" in env, "cookie": env.get("XK6_OUTPUT_PLUGIN")})
        log("info", "init", mode=mode)
        return output_pb2.InitResponse(info=output_pb2.Info(description="recorder " + mode, buffering=300))

    def Start(self, request, context):
        write({"call": "Start"})
        return output_pb2.Empty()

    def AddMetrics(self, request, context):
        for m in request.metrics:
            write({
                "call": "AddMetrics", "name": m.name,
                "type": output_pb2.MetricType.Name(m.type),
                "contains": output_pb2.ValueType.Name(m.contains),
                "thresholds": list(m.thresholds),
                "submetrics": [{"name": s.name, "suffix": s.suffix, "tags": dict(s.tags)} for s in m.submetrics],
            })
        return output_pb2.Empty()

    def AddSamples(self, request, context):
        self.batches += 1
        if mode == "hang-samples" and self.batches >= 2:
            time.sleep(3600)
        write({"call": "AddSamples", "count": len(request.samples), "bytes": request.ByteSize()})
        for s in ([] if mode == "count" else request.samples):
            write({"call": "Sample", "metric": s.metric, "time": s.time, "value": s.value, "tags": dict(s.tags)})
        if mode == "exit-after-samples" and self.batches >= 2:
            log("error", "leaving on purpose")
            os._exit(3)
        return output_pb2.Empty()

    def Stop(self, request, context):
        write({"call": "Stop"})
        log("info", "stop")
        return output_pb2.Empty()


class Stdio(stdio_pb2_grpc.GRPCStdioServicer):
    def StreamStdio(self, request, context):
        line = json.dumps({"@level": "info", "@message": "hello over grpc stdio"}) + "\n"
        yield stdio_pb2.StdioData(channel=stdio_pb2.StdioData.STDERR, data=line.encode())
        # grpcio holds a stream's last message back until the next one (Go's server does not):
        # an empty one pushes the line out.
        yield stdio_pb2.StdioData(channel=stdio_pb2.StdioData.STDERR, data=b"")
        while context.is_active():
            time.sleep(0.2)


if mode == "no-handshake":
    log("info", "never ready")
    time.sleep(3600)
server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
output_pb2_grpc.add_OutputServicer_to_server(Recorder(), server)
if mode == "unix":
    stdio_pb2_grpc.add_GRPCStdioServicer_to_server(Stdio(), server)
    path = os.path.join(tempfile.mkdtemp(), "plugin.sock")
    server.add_insecure_port("unix:" + path)
    server.start()
    print("1|1|unix|%s|grpc|" % path, flush=True)
else:
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("1|1|tcp|127.0.0.1:%d|grpc" % port, flush=True)
server.wait_for_termination()
