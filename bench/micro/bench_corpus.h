// Inputs of the micro-benchmarks: the bodies of the sample articles (samples/, header stripped),
// per language, repeated to a given size so that a timing covers far more than one cache-warm
// article while staying the project's real text in each script.
#ifndef NEWSGRAPH_BENCH_MICRO_BENCH_CORPUS_H_
#define NEWSGRAPH_BENCH_MICRO_BENCH_CORPUS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::bench {

// The languages of samples/, in the order benchmarks list them (Arg(i) is kLanguages[i]).
inline constexpr std::string_view kLanguages[] = {"en", "de", "vi", "uk", "ru", "el", "zh"};
inline constexpr int kLanguageCount = sizeof(kLanguages) / sizeof(kLanguages[0]);

// The sample articles of `language` (the body after the `---` header line, or the whole file),
// each as read. Aborts with a message when samples/ has none: the benchmarks are meaningless
// without their inputs.
const std::vector<std::string>& SampleBodies(std::string_view language);

// SampleBodies(language) joined by blank lines and repeated to at least `min_bytes` bytes.
const std::string& SampleText(std::string_view language, size_t min_bytes = 256 * 1024);

}  // namespace newsgraph::bench

#endif  // NEWSGRAPH_BENCH_MICRO_BENCH_CORPUS_H_
