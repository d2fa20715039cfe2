// Test-only: gRPC calls whose request is hand-made protobuf wire bytes. The bad-input tests need
// them because a `string` field holding invalid UTF-8, an enum number the .proto does not define
// or a truncated message cannot always be produced through the generated classes (their
// serializer refuses or "fixes" such values), yet any client in any language can send them.
#ifndef NEWSGRAPH_TESTS_INTEGRATION_RAW_CALL_H_
#define NEWSGRAPH_TESTS_INTEGRATION_RAW_CALL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "common/rpc/channel.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/client_unary_call.h"
#include "grpcpp/impl/rpc_method.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/sync_stream.h"

namespace newsgraph::integration {

// Base-128 varint bytes of `value` (a negative int32/enum is sent as its 64-bit two's
// complement, ten bytes, as every protobuf encoder does).
inline std::string Varint(uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
  return out;
}

// A varint field (wire type 0): enums, int32, int64, uint64, bool.
inline std::string VarintField(int field, int64_t value) {
  return Varint(static_cast<uint64_t>(field) << 3) + Varint(static_cast<uint64_t>(value));
}

// A length-delimited field (wire type 2): string, bytes, sub-message, packed repeated.
inline std::string BytesField(int field, std::string_view bytes) {
  return Varint((static_cast<uint64_t>(field) << 3) | 2) + Varint(bytes.size()) +
         std::string(bytes);
}

// A google.protobuf.Timestamp sub-message field with the given seconds and nanos.
inline std::string TimestampField(int field, int64_t seconds, int64_t nanos = 0) {
  std::string body;
  if (seconds != 0) body += VarintField(1, seconds);
  if (nanos != 0) body += VarintField(2, nanos);
  return BytesField(field, body);
}

struct RawReply {
  grpc::Status status;
  std::string bytes;  // the response message when the status is OK
};

inline std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

// Calls unary `method` ("/package.Service/Method") on `channel` with `request` as the message.
inline RawReply RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& method, const std::string& request,
                             absl::Duration timeout = absl::Seconds(20)) {
  grpc::ClientContext context;
  rpc::SetTimeout(&context, timeout);
  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  // The generated stubs call the same function with their message types; ByteBuffer passes the
  // bytes through untouched.
  RawReply reply;
  reply.status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel.get(),
      grpc::internal::RpcMethod(method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC), &context,
      request_buffer, &response_buffer);
  if (reply.status.ok()) reply.bytes = ToString(response_buffer);
  return reply;
}

struct RawStreamReply {
  grpc::Status status;
  std::vector<std::string> messages;  // the responses, in order
};

// Opens bidirectional stream `method`, writes every request, half-closes and reads all replies.
inline RawStreamReply RawStreamCall(const std::shared_ptr<grpc::Channel>& channel,
                                    const std::string& method,
                                    const std::vector<std::string>& requests,
                                    absl::Duration timeout = absl::Seconds(20)) {
  grpc::ClientContext context;
  rpc::SetTimeout(&context, timeout);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel.get(),
          grpc::internal::RpcMethod(method.c_str(), grpc::internal::RpcMethod::BIDI_STREAMING),
          &context));
  for (const std::string& request : requests) {
    grpc::Slice slice(request);
    grpc::ByteBuffer buffer(&slice, 1);
    if (!stream->Write(buffer)) break;
  }
  stream->WritesDone();
  RawStreamReply reply;
  for (grpc::ByteBuffer buffer; stream->Read(&buffer);) reply.messages.push_back(ToString(buffer));
  reply.status = stream->Finish();
  return reply;
}

}  // namespace newsgraph::integration

#endif  // NEWSGRAPH_TESTS_INTEGRATION_RAW_CALL_H_
