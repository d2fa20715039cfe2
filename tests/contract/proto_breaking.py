#!/usr/bin/python3
"""Breaking-change check of newsgraph's protos against the last released descriptor set.

`buf breaking` is not packaged for Debian, so this compares two FileDescriptorSets itself: the
released one committed in protos/released/ (text format, reviewable in diffs) and the current
protos compiled by protoc. Within a package that exists in both (same version, e.g.
newsgraph.query.v1) it reports, as buf's WIRE_JSON rules would:

  - a removed message, enum, service, RPC, field or enum value;
  - a field renumbered or renamed (its number now has another name: JSON and generated code
    break), its JSON name, type or cardinality changed, or moved in or out of a oneof;
  - an enum value renumbered; an RPC's request/response type or streaming changed.

Additions pass. A released package that disappears passes only when the current protos carry a
later version of it (newsgraph.query.v1 → newsgraph.query.v2): bumping the version is how a
breaking change is made.

Usage:
  proto_breaking.py --protoc PROTOC --proto_root protos --baseline protos/released/X.textproto
  proto_breaking.py --protoc PROTOC --proto_root protos --write protos/released/X.textproto
Exit 0: compatible (or written); 1: breaking changes, one per line on stderr; 64: usage.
"""

import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2, text_format

FieldDescriptorProto = descriptor_pb2.FieldDescriptorProto
# Only our own packages are compared; google/ and grpc/ protos are other projects'.
PACKAGE_PREFIX = "newsgraph."
VERSION = re.compile(r"^(.*)\.v(\d+)((?:alpha|beta)\d*)?$")


def compile_protos(protoc, proto_root):
    """Compiles every newsgraph .proto under proto_root; returns the FileDescriptorSet."""
    root = pathlib.Path(proto_root)
    files = sorted(str(p.relative_to(root)) for p in (root / "newsgraph").rglob("*.proto"))
    if not files:
        raise SystemExit(f"no .proto files under {root / 'newsgraph'}")
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "set.pb"
        subprocess.run([protoc, f"--proto_path={root}", f"--descriptor_set_out={out}"] + files,
                       check=True)
        result = descriptor_pb2.FileDescriptorSet()
        result.ParseFromString(out.read_bytes())
    return result


def load_set(path):
    """Reads a FileDescriptorSet in text format (or binary, for a .pb file)."""
    result = descriptor_pb2.FileDescriptorSet()
    data = pathlib.Path(path).read_bytes()
    if str(path).endswith(".pb"):
        result.ParseFromString(data)
    else:
        text_format.Parse(data.decode("utf-8"), result)
    return result


def index(descriptor_set):
    """Maps each newsgraph package to its messages, enums and services by full name."""
    packages = {}
    for file in descriptor_set.file:
        if not file.package.startswith(PACKAGE_PREFIX):
            continue
        entry = packages.setdefault(file.package, {"messages": {}, "enums": {}, "services": {}})

        def add_message(message, prefix):
            name = f"{prefix}.{message.name}"
            entry["messages"][name] = message
            for nested in message.nested_type:
                if not nested.options.map_entry:
                    add_message(nested, name)
                else:
                    entry["messages"][f"{name}.{nested.name}"] = nested
            for enum in message.enum_type:
                entry["enums"][f"{name}.{enum.name}"] = enum

        for message in file.message_type:
            add_message(message, file.package)
        for enum in file.enum_type:
            entry["enums"][f"{file.package}.{enum.name}"] = enum
        for service in file.service:
            entry["services"][f"{file.package}.{service.name}"] = service
    return packages


def field_type(field):
    """The field's type as written: a scalar name or the referenced type, with cardinality."""
    kind = FieldDescriptorProto.Type.Name(field.type).removeprefix("TYPE_").lower()
    if field.type in (FieldDescriptorProto.TYPE_MESSAGE, FieldDescriptorProto.TYPE_ENUM):
        kind = field.type_name.lstrip(".")
    label = "repeated " if field.label == FieldDescriptorProto.LABEL_REPEATED else ""
    return label + kind


def oneof_of(message, field):
    """The name of the real oneof `field` belongs to, or "" (proto3 optional is not a oneof)."""
    if not field.HasField("oneof_index") or field.proto3_optional:
        return ""
    return message.oneof_decl[field.oneof_index].name


def compare_messages(name, old, new, problems):
    new_by_number = {f.number: f for f in new.field}
    new_by_name = {f.name: f for f in new.field}
    for field in old.field:
        where = f"{name}.{field.name} (= {field.number})"
        current = new_by_number.get(field.number)
        if current is None:
            moved = new_by_name.get(field.name)
            if moved is not None:
                problems.append(f"{where}: renumbered to {moved.number}")
            else:
                problems.append(f"{where}: field removed")
            continue
        if current.name != field.name:
            problems.append(f"{where}: renamed to {current.name}")
        elif current.json_name != field.json_name:
            problems.append(f"{where}: JSON name changed from {field.json_name} to "
                            f"{current.json_name}")
        if field_type(current) != field_type(field):
            problems.append(f"{where}: type changed from {field_type(field)} to "
                            f"{field_type(current)}")
        if oneof_of(new, current) != oneof_of(old, field):
            problems.append(f"{where}: oneof changed from '{oneof_of(old, field)}' to "
                            f"'{oneof_of(new, current)}'")


def compare_enums(name, old, new, problems):
    new_by_number = {v.number: v for v in new.value}
    new_by_name = {v.name: v for v in new.value}
    for value in old.value:
        where = f"{name}.{value.name} (= {value.number})"
        current = new_by_number.get(value.number)
        if current is None:
            moved = new_by_name.get(value.name)
            problems.append(f"{where}: renumbered to {moved.number}" if moved is not None
                            else f"{where}: enum value removed")
        elif current.name != value.name:
            problems.append(f"{where}: renamed to {current.name}")


def compare_services(name, old, new, problems):
    new_methods = {m.name: m for m in new.method}
    for method in old.method:
        where = f"{name}.{method.name}"
        current = new_methods.get(method.name)
        if current is None:
            problems.append(f"{where}: RPC removed")
            continue
        for what in ("input_type", "output_type", "client_streaming", "server_streaming"):
            if getattr(current, what) != getattr(method, what):
                problems.append(f"{where}: {what} changed from {getattr(method, what)} to "
                                f"{getattr(current, what)}")


def bumped(package, current_packages):
    """The later version of `package` among current_packages, or None."""
    match = VERSION.match(package)
    if not match:
        return None
    base, version = match.group(1), int(match.group(2))
    for other in current_packages:
        other_match = VERSION.match(other)
        if other_match and other_match.group(1) == base and int(other_match.group(2)) > version:
            return other
    return None


def breaking_changes(released, current):
    """Every breaking change from `released` to `current` (FileDescriptorSets), as text lines."""
    problems = []
    old_packages, new_packages = index(released), index(current)
    for package, old in sorted(old_packages.items()):
        new = new_packages.get(package)
        if new is None:
            if not bumped(package, new_packages):
                problems.append(f"{package}: package removed without a later version")
            continue
        for kind, compare in (("messages", compare_messages), ("enums", compare_enums),
                              ("services", compare_services)):
            singular = {"messages": "message", "enums": "enum", "services": "service"}[kind]
            for name, old_item in sorted(old[kind].items()):
                new_item = new[kind].get(name)
                if new_item is None:
                    problems.append(f"{name}: {singular} removed")
                else:
                    compare(name, old_item, new_item, problems)
    return problems


def strip(descriptor_set):
    """Drops source positions and comments so the committed baseline holds only the API."""
    for file in descriptor_set.file:
        file.ClearField("source_code_info")
    return descriptor_set


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protoc", default="protoc")
    parser.add_argument("--proto_root", required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--baseline", help="the released descriptor set to compare with")
    group.add_argument("--write", help="write the current descriptor set here (on a release)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 64
    current = strip(compile_protos(args.protoc, args.proto_root))
    if args.write:
        pathlib.Path(args.write).write_text(
            "# The newsgraph protos as last released: the baseline of the breaking-change check\n"
            "# (tests/contract/proto_breaking.py). Regenerate on a release; see README.md here.\n"
            + text_format.MessageToString(current), encoding="utf-8")
        print(f"wrote {args.write}: {len(current.file)} files")
        return 0
    problems = breaking_changes(load_set(args.baseline), current)
    for problem in problems:
        print(f"BREAKING: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} breaking change(s) against {args.baseline}. Undo them, or bump "
              "the package version (newsgraph.x.v1 → v2) and keep the old one served.",
              file=sys.stderr)
        return 1
    print(f"compatible with {args.baseline}: {len(index(current))} packages checked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
