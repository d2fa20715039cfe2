// The seed knowledge base (services/extract/kb/seed.jsonl), compiled into the binary so the
// extract service works without any data file.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_CORE_SEED_KB_H_
#define NEWSGRAPH_SERVICES_EXTRACT_CORE_SEED_KB_H_

#include <string_view>

namespace newsgraph::extract {

// JSONL, one newsgraph.common.v1.Entity per line.
std::string_view SeedKnowledgeBaseJsonl();

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_CORE_SEED_KB_H_
