// RocksDB merge operators of the store, internal to common/store (store.cc installs them; nothing
// else should include this header, which pulls in RocksDB). Both the primary and every secondary
// must open the families with the same operators, or a reader would fail on unmerged operands;
// Store::OpenPrimary and Store::OpenSecondary share CfOptionsFor for that reason.
//
// Operands must be idempotent: re-applying a suffix of a key's operand history must not change
// the result. A RocksDB secondary can apply operands twice — after the primary flushes, the
// secondary's memtable may still hold the operands it replayed from the old WAL while it also
// reads the flushed file, until new writes make it switch memtables. Postings operands are
// "set this document's entry" / "remove it", for which that is harmless; an additive counter
// would double, which is why the index counters are plain Puts.
#ifndef NEWSGRAPH_COMMON_STORE_MERGE_OPERATORS_H_
#define NEWSGRAPH_COMMON_STORE_MERGE_OPERATORS_H_

#include <memory>

#include "rocksdb/merge_operator.h"

namespace newsgraph::store {

// The postings family's operator: folds PostingAddOperand / PostingRemovalOperand operands into
// a block (MergePostings in postings.h). Corrupt input makes the merge fail, which RocksDB
// reports as Corruption (DataLoss) on the read or compaction that needed it.
std::shared_ptr<rocksdb::MergeOperator> NewPostingsMergeOperator();

}  // namespace newsgraph::store

#endif  // NEWSGRAPH_COMMON_STORE_MERGE_OPERATORS_H_
