#!/usr/bin/python3
"""Calls newsgraph from Python: ingest a document, wait for it, search, print an entity profile.

The stubs are generated at build time from protos/ (CMake target `ng_python_stubs`, into
<build>/examples/python/gen); run with Debian's interpreter, which has python3-grpcio and
python3-protobuf:

    /usr/bin/python3 examples/python/newsgraph_example.py \
        --ingest 127.0.0.1:50051 --query 127.0.0.1:50053 --stubs build/examples/python/gen

Exit status: 0 ok; 1 a call failed or the ingested document was not found; 2 a service is
unreachable; 64 usage error.
"""

import argparse
import os
import pathlib
import sys
import time

try:
    import grpc  # Debian's python3-grpcio
except ImportError:
    sys.exit("no grpc module: run with /usr/bin/python3 (python3-grpcio, python3-protobuf)")

REPO = pathlib.Path(__file__).resolve().parents[2]

# A short Vietnamese article; searched below without its diacritics.
DEFAULT_TITLE = "Macron và Merz bàn về an ninh năng lượng tại Berlin"
DEFAULT_TEXT = (
    "Tổng thống Pháp Emmanuel Macron đã gặp Thủ tướng Đức Friedrich Merz tại Berlin hôm thứ Hai "
    "để thảo luận về an ninh năng lượng, sản xuất hydro và quốc phòng châu Âu. Hai nhà lãnh đạo "
    "nhất trí phối hợp chặt chẽ hơn trong việc mua sắm vũ khí chung."
)
DEFAULT_QUERY = "an ninh nang luong Berlin"

EXIT_FAILED, EXIT_UNREACHABLE, EXIT_USAGE = 1, 2, 64


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env = os.environ.get
    parser.add_argument("--ingest", default=env("NEWSGRAPH_INGEST_ADDRESS", "127.0.0.1:50051"),
                        help="ingest address (env NEWSGRAPH_INGEST_ADDRESS)")
    parser.add_argument("--query", default=env("NEWSGRAPH_QUERY_ADDRESS", "127.0.0.1:50053"),
                        help="query address (env NEWSGRAPH_QUERY_ADDRESS)")
    parser.add_argument("--stubs",
                        default=env("NEWSGRAPH_PYTHON_STUBS",
                                    str(REPO / "build" / "examples" / "python" / "gen")),
                        help="directory of the generated *_pb2.py (env NEWSGRAPH_PYTHON_STUBS)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per call")
    parser.add_argument("--text", default=DEFAULT_TEXT, help="the document to ingest")
    parser.add_argument("--title", default=DEFAULT_TITLE)
    parser.add_argument("--published", default="2025-06-02T09:00:00Z",
                        help="publication time, RFC 3339 (empty: none)")
    parser.add_argument("--external_id", default="examples/python/macron-merz-vi",
                        help="client id: re-running is a no-op (outcome UNCHANGED)")
    parser.add_argument("--search", default=DEFAULT_QUERY, help="the search query")
    parser.add_argument("--entity", default="",
                        help="entity id to profile (default: the document's most salient person)")
    try:
        return parser.parse_args(argv)
    except SystemExit as exit_:
        sys.exit(0 if exit_.code == 0 else EXIT_USAGE)


def load_stubs(directory):
    """Imports the generated modules from `directory`; exits with a hint when they are missing."""
    if not (pathlib.Path(directory) / "newsgraph" / "query" / "v1" / "query_service_pb2.py").exists():
        sys.stderr.write(f"no generated stubs in {directory}: build the ng_python_stubs target "
                         "(make build) or pass --stubs\n")
        sys.exit(EXIT_USAGE)
    # The generated modules live in the build tree, found by a flag, so they are imported here
    # rather than at the top; the rest of the program uses them as module globals.
    sys.path.insert(0, str(directory))
    global types_pb2, ingest_pb2, ingest_grpc, query_pb2, query_grpc
    from newsgraph.common.v1 import types_pb2
    from newsgraph.ingest.v1 import ingest_service_pb2 as ingest_pb2
    from newsgraph.ingest.v1 import ingest_service_pb2_grpc as ingest_grpc
    from newsgraph.query.v1 import query_service_pb2 as query_pb2
    from newsgraph.query.v1 import query_service_pb2_grpc as query_grpc


def day(timestamp):
    """A Timestamp as YYYY-MM-DD, or "-" when unset."""
    if not timestamp.seconds:
        return "-"
    return time.strftime("%Y-%m-%d", time.gmtime(timestamp.seconds))


def type_name(entity_type):
    return types_pb2.EntityType.Name(entity_type).removeprefix("ENTITY_TYPE_")


def ingest(stub, args):
    """Ingests the document; returns the response (its sequence_number is the consistency token)."""
    request = ingest_pb2.IngestRequest(
        text=args.text.encode("utf-8"),  # bytes: UTF-8 is checked by the server
        title=args.title.encode("utf-8"),
        external_id=args.external_id,
        source="examples.newsgraph.invalid")
    if args.published:
        request.published_at.FromJsonString(args.published)  # google.protobuf.Timestamp
    response = stub.Ingest(request, timeout=args.timeout)
    print(f"ingested: document {response.document_id} "
          f"{ingest_pb2.IngestOutcome.Name(response.outcome).removeprefix('INGEST_OUTCOME_')}, "
          f"{response.mention_count} mentions, language {response.language}, "
          f"consistency token {response.sequence_number}")
    return response


def search(stub, args, document_id, token):
    """Searches, waiting until query has seen the write; True when `document_id` is a hit."""
    request = query_pb2.SearchRequest(query=args.search, page_size=10, min_sequence_number=token)
    response = stub.Search(request, timeout=args.timeout)
    print(f'search "{args.search}": {response.total_hits} hits at sequence '
          f"{response.sequence_number}")
    rank = 0
    for position, hit in enumerate(response.hits, start=1):
        print(f"  {position}. document {hit.document_id} [{hit.language}] {hit.title}")
        print(f"     {hit.snippet}")
        if hit.document_id == document_id and not rank:
            rank = position
    if rank:
        print(f"found: document {document_id} is hit {rank}")
    else:
        print(f"NOT FOUND: document {document_id} is not among the hits", file=sys.stderr)
    return bool(rank)


def pick_entity(stub, args, document_id):
    """The entity to profile: --entity, else the document's most salient person (or any)."""
    if args.entity:
        return args.entity
    document = stub.GetDocument(query_pb2.GetDocumentRequest(document_id=document_id),
                                timeout=args.timeout).document
    people = [e for e in document.entities if e.type == types_pb2.ENTITY_TYPE_PERSON]
    chosen = (people or list(document.entities) or [None])[0]
    return chosen.entity_id if chosen else ""


def print_profile(stub, args, entity_id):
    """Prints GetEntity and RelatedEntities for `entity_id`."""
    profile = stub.GetEntity(query_pb2.GetEntityRequest(entity_id=entity_id), timeout=args.timeout)
    entity = profile.entity
    print(f"entity {entity.id}: {entity.canonical_name} ({type_name(entity.type)})"
          + (f", wikidata {entity.wikidata_id}" if entity.wikidata_id else ""))
    names = sorted((n.language, n.name) for n in entity.names)
    print("  names: " + "; ".join(f"{language} {name}" for language, name in names))
    print(f"  documents {profile.document_count}, mentions {profile.mention_count}, "
          f"first seen {day(profile.first_seen)}, last seen {day(profile.last_seen)}")
    related = stub.RelatedEntities(
        query_pb2.RelatedEntitiesRequest(entity_id=entity_id, page_size=5), timeout=args.timeout)
    for item in related.related:
        print(f"  related: {item.entity.canonical_name} ({type_name(item.entity.type)}), "
              f"{item.document_count} shared documents, PMI {item.pmi:.2f}")


def main(argv):
    args = parse_args(argv)
    load_stubs(args.stubs)
    ingest_stub = ingest_grpc.IngestServiceStub(grpc.insecure_channel(args.ingest))
    query_stub = query_grpc.QueryServiceStub(grpc.insecure_channel(args.query))
    try:
        response = ingest(ingest_stub, args)
        document_id = response.document_id
        if response.outcome == ingest_pb2.INGEST_OUTCOME_DUPLICATE:
            document_id = response.duplicate_of  # the stored copy is what search finds
        if not search(query_stub, args, document_id, response.sequence_number):
            return EXIT_FAILED
        entity_id = pick_entity(query_stub, args, document_id)
        if not entity_id:
            print(f"document {document_id} links no entity", file=sys.stderr)
            return EXIT_FAILED
        print_profile(query_stub, args, entity_id)
    except grpc.RpcError as error:
        print(f"{error.code().name}: {error.details()}", file=sys.stderr)
        return EXIT_UNREACHABLE if error.code() == grpc.StatusCode.UNAVAILABLE else EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
