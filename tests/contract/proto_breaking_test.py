#!/usr/bin/python3
"""Unit tests of proto_breaking.py: each kind of breaking change, made to a copy of the released
descriptor set (or to a copy of the .proto sources, compiled by protoc), must be reported, and
additions and version bumps must pass.

Usage: proto_breaking_test.py BASELINE PROTOC PROTO_ROOT   (run by ctest)
"""

import pathlib
import shutil
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import proto_breaking  # noqa: E402

from google.protobuf import descriptor_pb2  # noqa: E402

BASELINE = PROTOC = PROTO_ROOT = None
Field = descriptor_pb2.FieldDescriptorProto


def find(descriptor_set, path):
    """The message, enum or service `package.Name` (top level) in a copy's file list."""
    package, _, name = path.rpartition(".")
    for file in descriptor_set.file:
        if file.package != package:
            continue
        for item in list(file.message_type) + list(file.enum_type) + list(file.service):
            if item.name == name:
                return file, item
    raise KeyError(path)


def field(message, name):
    return next(f for f in message.field if f.name == name)


class BreakingChangesTest(unittest.TestCase):
    def setUp(self):
        self.released = proto_breaking.load_set(BASELINE)
        self.current = descriptor_pb2.FileDescriptorSet()
        self.current.CopyFrom(self.released)

    def problems(self):
        return proto_breaking.breaking_changes(self.released, self.current)

    def assertBreaks(self, expected):
        problems = self.problems()
        self.assertTrue(any(expected in p for p in problems),
                        f"expected a problem with {expected!r}, got {problems}")

    def test_unchanged_passes(self):
        self.assertEqual(self.problems(), [])

    def test_baseline_covers_every_service(self):
        packages = proto_breaking.index(self.released)
        for package in ("newsgraph.ingest.v1", "newsgraph.extract.v1", "newsgraph.query.v1"):
            self.assertTrue(packages[package]["services"], package)

    def test_additions_pass(self):
        _, message = find(self.current, "newsgraph.ingest.v1.IngestResponse")
        message.field.add(name="new_field", number=99, label=Field.LABEL_OPTIONAL,
                          type=Field.TYPE_STRING, json_name="newField")
        _, enum = find(self.current, "newsgraph.common.v1.EntityType")
        enum.value.add(name="ENTITY_TYPE_NEW", number=99)
        file, service = find(self.current, "newsgraph.query.v1.QueryService")
        service.method.add(name="NewRpc", input_type=".newsgraph.query.v1.GetDocumentRequest",
                           output_type=".newsgraph.query.v1.GetDocumentResponse")
        file.message_type.add(name="NewMessage")
        self.assertEqual(self.problems(), [])

    def test_removed_field(self):
        _, message = find(self.current, "newsgraph.ingest.v1.IngestResponse")
        message.field.remove(field(message, "sequence_number"))
        self.assertBreaks("IngestResponse.sequence_number (= 4): field removed")

    def test_renumbered_field(self):
        _, message = find(self.current, "newsgraph.ingest.v1.IngestResponse")
        field(message, "sequence_number").number = 14
        self.assertBreaks("IngestResponse.sequence_number (= 4): renumbered to 14")

    def test_renamed_field(self):
        _, message = find(self.current, "newsgraph.query.v1.SearchRequest")
        field(message, "query").name = "q"
        self.assertBreaks("SearchRequest.query (= 1): renamed to q")

    def test_changed_scalar_type(self):
        _, message = find(self.current, "newsgraph.ingest.v1.IngestRequest")
        field(message, "text").type = Field.TYPE_STRING
        self.assertBreaks("IngestRequest.text (= 1): type changed from bytes to string")

    def test_changed_message_type_and_cardinality(self):
        _, message = find(self.current, "newsgraph.query.v1.SearchResponse")
        field(message, "hits").type_name = ".newsgraph.query.v1.Facet"
        _, summary = find(self.current, "newsgraph.query.v1.EntitySummary")
        field(summary, "entity").label = Field.LABEL_REPEATED
        self.assertBreaks("SearchResponse.hits (= 1): type changed from repeated "
                          "newsgraph.query.v1.SearchHit to repeated newsgraph.query.v1.Facet")
        self.assertBreaks("EntitySummary.entity (= 1): type changed from newsgraph.common.v1."
                          "Entity to repeated newsgraph.common.v1.Entity")

    def test_removed_rpc_and_changed_streaming(self):
        _, service = find(self.current, "newsgraph.query.v1.QueryService")
        service.method.remove(next(m for m in service.method if m.name == "GetEntity"))
        _, ingest = find(self.current, "newsgraph.ingest.v1.IngestService")
        next(m for m in ingest.method if m.name == "IngestStream").client_streaming = False
        self.assertBreaks("QueryService.GetEntity: RPC removed")
        self.assertBreaks("IngestService.IngestStream: client_streaming changed")

    def test_removed_and_renumbered_enum_values(self):
        _, enum = find(self.current, "newsgraph.common.v1.EntityType")
        enum.value.remove(next(v for v in enum.value if v.name == "ENTITY_TYPE_URL"))
        next(v for v in enum.value if v.name == "ENTITY_TYPE_MISC").number = 12
        self.assertBreaks("EntityType.ENTITY_TYPE_URL (= 10): enum value removed")
        self.assertBreaks("EntityType.ENTITY_TYPE_MISC (= 11): renumbered to 12")

    def test_removed_message_and_service(self):
        file, message = find(self.current, "newsgraph.query.v1.Highlight")
        file.message_type.remove(message)
        file, service = find(self.current, "newsgraph.extract.v1.ExtractService")
        file.service.remove(service)
        self.assertBreaks("newsgraph.query.v1.Highlight: message removed")
        self.assertBreaks("newsgraph.extract.v1.ExtractService: service removed")

    def test_removed_package_breaks_but_bumped_version_passes(self):
        file, _ = find(self.current, "newsgraph.extract.v1.ExtractService")
        file.package = "newsgraph.extract.v2"
        self.assertEqual(self.problems(), [])  # v1 → v2: a deliberate breaking release
        file.package = "newsgraph.extractor.v1"
        self.assertBreaks("newsgraph.extract.v1: package removed without a later version")

    def test_doctored_proto_source_fails_the_command(self):
        """The whole path ctest runs: protoc on edited .proto files, then the comparison."""
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp) / "protos"
            shutil.copytree(PROTO_ROOT, root)
            proto = root / "newsgraph" / "query" / "v1" / "query_service.proto"
            text = proto.read_text(encoding="utf-8")
            self.assertIn("uint64 min_sequence_number = 11;", text)
            args = ["--protoc", PROTOC, "--proto_root", str(root), "--baseline", BASELINE]
            self.assertEqual(proto_breaking.main(args), 0)
            proto.write_text(text.replace("uint64 min_sequence_number = 11;",
                                          "uint64 min_sequence_number = 13;"), encoding="utf-8")
            self.assertEqual(proto_breaking.main(args), 1)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    BASELINE, PROTOC, PROTO_ROOT = sys.argv[1:4]
    unittest.main(argv=sys.argv[:1] + sys.argv[4:], verbosity=2)
