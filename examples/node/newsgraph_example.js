#!/usr/bin/env node
// Calls newsgraph from Node.js: ingest a document, wait for it, search, print an entity profile.
//
// Uses @grpc/grpc-js and @grpc/proto-loader (package-lock.json) and loads the .proto files from
// the repository's protos/ at run time, so there is nothing to generate:
//
//   cd examples/node && npm ci
//   node newsgraph_example.js --ingest 127.0.0.1:50051 --query 127.0.0.1:50053
//
// Exit status: 0 ok; 1 a call failed, the ingested document was not found or an answer lacks a
// field this client relies on (a proto change that breaks it); 2 a service is unreachable;
// 64 usage error.
'use strict';

const path = require('path');
const { parseArgs } = require('util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

// A short Vietnamese article; searched below without its diacritics.
const DEFAULT_TITLE = 'Macron và Merz bàn về an ninh năng lượng tại Berlin';
const DEFAULT_TEXT =
  'Tổng thống Pháp Emmanuel Macron đã gặp Thủ tướng Đức Friedrich Merz tại Berlin hôm thứ Hai ' +
  'để thảo luận về an ninh năng lượng, sản xuất hydro và quốc phòng châu Âu. Hai nhà lãnh đạo ' +
  'nhất trí phối hợp chặt chẽ hơn trong việc mua sắm vũ khí chung.';
const EXIT_FAILED = 1;
const EXIT_UNREACHABLE = 2;
const EXIT_USAGE = 64;

function parseFlags() {
  const env = process.env;
  const options = {
    ingest: { type: 'string', default: env.NEWSGRAPH_INGEST_ADDRESS || '127.0.0.1:50051' },
    query: { type: 'string', default: env.NEWSGRAPH_QUERY_ADDRESS || '127.0.0.1:50053' },
    protos: {
      type: 'string',
      default: env.NEWSGRAPH_PROTOS || path.join(__dirname, '..', '..', 'protos'),
    },
    timeout: { type: 'string', default: '10' },
    text: { type: 'string', default: DEFAULT_TEXT },
    title: { type: 'string', default: DEFAULT_TITLE },
    published: { type: 'string', default: '2025-06-02T09:00:00Z' },
    external_id: { type: 'string', default: 'examples/node/macron-merz-vi' },
    search: { type: 'string', default: 'an ninh nang luong Berlin' },
    entity: { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  };
  try {
    const { values } = parseArgs({ options });
    if (values.help) {
      console.log('usage: newsgraph_example.js [--ingest H:P] [--query H:P] [--protos DIR] ' +
                  '[--timeout S] [--text T] [--title T] [--published RFC3339] [--external_id ID] ' +
                  '[--search Q] ' +
                  '[--entity ID]\n(env NEWSGRAPH_INGEST_ADDRESS, NEWSGRAPH_QUERY_ADDRESS, ' +
                  'NEWSGRAPH_PROTOS)');
      process.exit(0);
    }
    return values;
  } catch (error) {
    console.error(error.message);
    process.exit(EXIT_USAGE);
  }
}

// Loads both services from the .proto files. Field names stay as in the .proto (keepCase), the
// same names the proto3 JSON mapping and the other languages' docs use; 64-bit integers are
// strings so that a sequence number never loses precision.
function loadServices(protoDir) {
  const definition = protoLoader.loadSync(
    ['newsgraph/ingest/v1/ingest_service.proto', 'newsgraph/query/v1/query_service.proto'],
    { includeDirs: [protoDir], keepCase: true, longs: String, enums: String, defaults: true });
  const proto = grpc.loadPackageDefinition(definition);
  return { ingest: proto.newsgraph.ingest.v1, query: proto.newsgraph.query.v1 };
}

// Reads `object[name]`, failing loudly when the field does not exist: proto-loader fills every
// known field with its default, so a missing one means the .proto no longer has it.
function field(object, name) {
  if (object === null || object === undefined || !(name in object)) {
    throw new Error(`the answer has no field "${name}": did a proto change break this client?`);
  }
  return object[name];
}

// Promise wrapper of a unary call with a deadline.
function call(client, method, request, seconds) {
  if (typeof client[method] !== 'function') {
    throw new Error(`the service has no method ${method}: did a proto change break this client?`);
  }
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + seconds * 1000);
    client[method](request, { deadline }, (error, response) =>
      (error ? reject(error) : resolve(response)));
  });
}

function shortType(entityType) {
  return String(entityType).replace(/^ENTITY_TYPE_/, '');
}

// An RFC 3339 time as a google.protobuf.Timestamp message.
function timestamp(text) {
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw new Error(`not an RFC 3339 time: ${text}`);
  return { seconds: String(Math.floor(millis / 1000)), nanos: (millis % 1000) * 1e6 };
}

function day(timestamp) {
  const seconds = Number(timestamp ? timestamp.seconds : 0);
  return seconds ? new Date(seconds * 1000).toISOString().slice(0, 10) : '-';
}

async function run(flags) {
  const services = loadServices(flags.protos);
  const credentials = grpc.credentials.createInsecure();
  const ingest = new services.ingest.IngestService(flags.ingest, credentials);
  const query = new services.query.QueryService(flags.query, credentials);
  const timeout = Number(flags.timeout);

  // text and title are bytes holding UTF-8 (the server checks the encoding).
  const ingested = await call(ingest, 'Ingest', {
    text: Buffer.from(flags.text, 'utf8'),
    title: Buffer.from(flags.title, 'utf8'),
    external_id: flags.external_id,
    source: 'examples.newsgraph.invalid',
    published_at: flags.published ? timestamp(flags.published) : null,
  }, timeout);
  const outcome = String(field(ingested, 'outcome')).replace(/^INGEST_OUTCOME_/, '');
  const token = field(ingested, 'sequence_number');
  console.log(`ingested: document ${field(ingested, 'document_id')} ${outcome}, ` +
              `${field(ingested, 'mention_count')} mentions, language ` +
              `${field(ingested, 'language')}, consistency token ${token}`);
  const documentId = outcome === 'DUPLICATE' ? field(ingested, 'duplicate_of')
                                             : ingested.document_id;

  // min_sequence_number: query waits until it has seen our write (read-your-writes).
  const found = await call(query, 'Search',
                           { query: flags.search, page_size: 10, min_sequence_number: token },
                           timeout);
  console.log(`search "${flags.search}": ${field(found, 'total_hits')} hits at sequence ` +
              `${field(found, 'sequence_number')}`);
  let rank = 0;
  field(found, 'hits').forEach((hit, index) => {
    console.log(`  ${index + 1}. document ${field(hit, 'document_id')} ` +
                `[${field(hit, 'language')}] ${field(hit, 'title')}`);
    console.log(`     ${field(hit, 'snippet')}`);
    if (hit.document_id === documentId && !rank) rank = index + 1;
  });
  if (!rank) {
    console.error(`NOT FOUND: document ${documentId} is not among the hits`);
    return EXIT_FAILED;
  }
  console.log(`found: document ${documentId} is hit ${rank}`);

  let entityId = flags.entity;
  if (!entityId) {
    const { document } = await call(query, 'GetDocument', { document_id: documentId }, timeout);
    const entities = field(document, 'entities');
    const person = entities.find((e) => field(e, 'type') === 'ENTITY_TYPE_PERSON');
    entityId = person ? person.entity_id : entities.length ? field(entities[0], 'entity_id') : '';
  }
  if (!entityId) {
    console.error(`document ${documentId} links no entity`);
    return EXIT_FAILED;
  }

  const profile = await call(query, 'GetEntity', { entity_id: entityId }, timeout);
  const entity = field(profile, 'entity');
  const wikidata = field(entity, 'wikidata_id');
  console.log(`entity ${field(entity, 'id')}: ${field(entity, 'canonical_name')} ` +
              `(${shortType(field(entity, 'type'))})` + (wikidata ? `, wikidata ${wikidata}` : ''));
  const names = field(entity, 'names')
    .map((n) => [field(n, 'language'), field(n, 'name')])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  console.log('  names: ' + names.map(([language, name]) => `${language} ${name}`).join('; '));
  console.log(`  documents ${field(profile, 'document_count')}, mentions ` +
              `${field(profile, 'mention_count')}, first seen ${day(field(profile, 'first_seen'))}, ` +
              `last seen ${day(field(profile, 'last_seen'))}`);
  const related = await call(query, 'RelatedEntities', { entity_id: entityId, page_size: 5 },
                             timeout);
  for (const item of field(related, 'related')) {
    const other = field(item, 'entity');
    console.log(`  related: ${field(other, 'canonical_name')} (${shortType(other.type)}), ` +
                `${field(item, 'document_count')} shared documents, ` +
                `PMI ${Number(field(item, 'pmi')).toFixed(2)}`);
  }
  return 0;
}

run(parseFlags()).then((code) => process.exit(code), (error) => {
  if (error.code !== undefined && error.details !== undefined) {  // a gRPC status
    const name = Object.keys(grpc.status).find((key) => grpc.status[key] === error.code);
    console.error(`${name}: ${error.details}`);
    process.exit(error.code === grpc.status.UNAVAILABLE ? EXIT_UNREACHABLE : EXIT_FAILED);
  }
  console.error(error.message);
  process.exit(EXIT_FAILED);
});
