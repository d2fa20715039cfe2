// Runs the real newsgraph-train and newsgraph-eval binaries on a small generated corpus.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "common/testing/subprocess.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::tools::ner {
namespace {

using ::testing::HasSubstr;

const std::string kTrain = std::string(NG_BIN_DIR) + "/newsgraph-train";
const std::string kEval = std::string(NG_BIN_DIR) + "/newsgraph-eval";

// "<Name> <Surname> приїхав до <City> ." sentences in BIO, with names from small lists.
std::string GenerateBio(uint32_t seed, int sentences) {
  const char* first[] = {"Олена", "Тарас", "Марія", "Петро", "Ірина", "Богдан"};
  const char* last[] = {"Шевченко", "Коваленко", "Бондаренко", "Мельник", "Бойко"};
  const char* cities[] = {"Києва", "Львова", "Одеси", "Харкова", "Дніпра", "Полтави"};
  std::mt19937 rng(seed);
  std::string out;
  for (int i = 0; i < sentences; ++i) {
    out += std::string(first[rng() % 6]) + " B-PERS\n" + last[rng() % 5] + " I-PERS\n";
    out += "приїхав O\nдо O\n" + std::string(cities[rng() % 6]) + " B-LOC\n";
    out += (rng() % 2 ? "вчора O\n" : "") + std::string(". O\n\n");
  }
  return out;
}

std::string RunTool(const std::string& command, int* exit_code) {
  return testing::RunCommand(command + " 2>&1", exit_code);
}

TEST(NerToolsCliTest, TrainThenEvaluate) {
  testing::TempDir dir;
  std::ofstream(dir.Sub("train.iob")) << GenerateBio(1, 300);
  std::ofstream(dir.Sub("dev.iob")) << GenerateBio(2, 40);
  int code = 0;
  std::string out =
      RunTool(kTrain + " --out " + dir.Sub("m.ngtagger") + " --train " + dir.Sub("train.iob") +
                  " --dev " + dir.Sub("dev.iob") + " --epochs 3 --hash-bits 14",
              &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("epoch  1:"));
  EXPECT_THAT(out, HasSubstr("dev scores (exact span match)"));
  EXPECT_THAT(out, HasSubstr("wrote " + dir.Sub("m.ngtagger")));

  out = RunTool(
      kEval + " --model " + dir.Sub("m.ngtagger") + " --show-metadata " + dir.Sub("dev.iob"),
      &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("newsgraph-train --out"));  // the training command is recorded
  EXPECT_THAT(out, HasSubstr("PER          precision 100.00%  recall 100.00%"));
  EXPECT_THAT(out, HasSubstr("overall"));

  // The held-out slice: every 2nd of the six 50-sentence documents of train.iob.
  out = RunTool(kEval + " --model " + dir.Sub("m.ngtagger") + " --heldout-fraction 0.5 " +
                    dir.Sub("train.iob"),
                &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("scoring 3 documents, 150 sentences"));
}

// One article and its gold mentions in SlavicNER's layout; offsets are code points.
void WriteSlavicnerArticle(const testing::TempDir& dir, const std::string& language,
                           const std::string& name, const std::string& text,
                           const std::string& tsv) {
  for (const char* part : {"raw", "ner"}) {
    std::filesystem::create_directories(dir.Sub(std::string(part) + "/topic/" + language));
  }
  std::ofstream(dir.Sub("raw/topic/" + language + "/" + name + ".txt")) << text;
  std::ofstream(dir.Sub("ner/topic/" + language + "/" + name + ".tsv")) << tsv;
}

TEST(NerToolsCliTest, EvaluatesTheWholeExtractorAndItsLinking) {
  testing::TempDir dir;
  // The same two entities, inflected, in two languages and scripts: one cross-lingual id each.
  WriteSlavicnerArticle(dir, "uk", "a", "Макрона зустріли в Німеччині.\n",
                        "0\t7\tМакрона\tМакрон\tPER\tPER-Macron\n"
                        "19\t28\tНімеччині\tНімеччина\tLOC\tGPE-Germany\n");
  WriteSlavicnerArticle(dir, "ru", "b", "Канцлер Германии встретил Макрона.\n",
                        "8\t16\tГермании\tГермания\tLOC\tGPE-Germany\n"
                        "25\t32\tМакрона\tМакрон\tPER\tPER-Macron\n");
  int code = 0;
  std::string out = RunTool(kEval + " --extractor --models-dir none " + dir.path(), &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("scoring 2 documents"));
  EXPECT_THAT(out, HasSubstr("PER          precision 100.00%  recall 100.00%"));
  EXPECT_THAT(out, HasSubstr("linking: 4 gold mentions with cross-lingual ids, 4 linked"));
  EXPECT_THAT(out, HasSubstr("aligned accuracy 100.00%"));

  // Neither a model nor the extractor, or both: a usage error.
  RunTool(kEval + " " + dir.path(), &code);
  EXPECT_EQ(code, 64);
  RunTool(kEval + " --extractor --model m.ngtagger " + dir.path(), &code);
  EXPECT_EQ(code, 64);
}

TEST(NerToolsCliTest, ExtraTrainingDataErrorListingAndLanguages) {
  testing::TempDir dir;
  std::ofstream(dir.Sub("train.iob")) << GenerateBio(3, 200);
  std::ofstream(dir.Sub("extra.iob")) << GenerateBio(4, 100);
  int code = 0;
  // The held-out slice comes from --train only: 2 of its 4 documents, none of extra.iob's 2.
  std::string out = RunTool(kTrain + " --out " + dir.Sub("m.ngtagger") + " --train " +
                                dir.Sub("train.iob") + " --extra-train " + dir.Sub("extra.iob") +
                                " --heldout-fraction 0.5 --epochs 2 --hash-bits 14",
                            &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("train: 4 documents, 200 sentences"));
  EXPECT_THAT(out, HasSubstr("dev: 2 documents, 100 sentences"));

  // A sentence the model cannot know is listed with gold and predicted spans.
  std::ofstream(dir.Sub("odd.iob")) << "Тарас B-PERS\nШевченко I-PERS\nі O\nдо B-ORG\n. O\n";
  out = RunTool(
      kEval + " --model " + dir.Sub("m.ngtagger") + " --show-errors 5 " + dir.Sub("odd.iob"),
      &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("gold: [PER Тарас Шевченко] і [ORG до] ."));
  EXPECT_THAT(out, HasSubstr("pred: [PER Тарас Шевченко] і до ."));

  // A SlavicNER directory with two languages gets one line per language.
  for (const char* lang : {"uk", "ru"}) {
    std::filesystem::create_directories(dir.Sub(std::string("sn/raw/t/") + lang));
    std::filesystem::create_directories(dir.Sub(std::string("sn/ner/t/") + lang));
    std::ofstream(dir.Sub(std::string("sn/raw/t/") + lang + "/a.txt"))
        << "Тарас Мельник до Львова.";
    std::ofstream(dir.Sub(std::string("sn/ner/t/") + lang + "/a.tsv"))
        << "0\t12\tТарас Мельник\tТарас Мельник\tPER\tPER-X\n";
  }
  out = RunTool(kEval + " --model " + dir.Sub("m.ngtagger") + " " + dir.Sub("sn"), &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("language ru"));
  EXPECT_THAT(out, HasSubstr("language uk"));

  // "--kb DIR dev.iob" swallows the input; the message says why.
  out = RunTool(kEval + " --model " + dir.Sub("m.ngtagger") + " --kb " + dir.Sub("odd.iob"), &code);
  EXPECT_EQ(code, 64) << out;
  EXPECT_THAT(out, HasSubstr("give the inputs first, or with --input"));
}

TEST(NerToolsCliTest, ExitCodes) {
  testing::TempDir dir;
  int code = 0;
  std::string out = RunTool(
      kTrain + " --out " + dir.Sub("m") + " --train " + dir.Sub("absent/shared/data/ner/train.iob"),
      &code);
  EXPECT_EQ(code, 66) << out;
  EXPECT_THAT(out, HasSubstr("absent/shared/data/ner/train.iob: no such file or directory"));
  EXPECT_THAT(out, HasSubstr("../shared/data/ner"));

  // Every input option reports an absent path the same way.
  std::ofstream(dir.Sub("t.iob")) << GenerateBio(5, 20);
  for (const char* option : {"--dev", "--extra-train", "--kb"}) {
    out = RunTool(kTrain + " --out " + dir.Sub("m") + " --train " + dir.Sub("t.iob") + " " +
                      option + " " + dir.Sub("absent/x"),
                  &code);
    EXPECT_EQ(code, 66) << option << "\n" << out;
    EXPECT_THAT(out, HasSubstr("absent/x: no such file or directory")) << option;
  }
  out = RunTool(kEval + " --model " + dir.Sub("absent.ngtagger") + " " + dir.Sub("t.iob"), &code);
  EXPECT_EQ(code, 66) << out;
  EXPECT_THAT(out, HasSubstr("absent.ngtagger"));
  out = RunTool(kTrain + " --out " + dir.Sub("t.ngtagger") + " " + dir.Sub("t.iob") +
                    " --epochs 1 --hash-bits 12",
                &code);
  ASSERT_EQ(code, 0) << out;
  out = RunTool(
      kEval + " --model " + dir.Sub("t.ngtagger") + " " + dir.Sub("absent/shared/data/ner/dev.iob"),
      &code);
  EXPECT_EQ(code, 66) << out;
  EXPECT_THAT(out, HasSubstr("absent/shared/data/ner/dev.iob: no such file or directory"));
  EXPECT_THAT(out, HasSubstr("../shared/data/ner"));

  out = RunTool(kTrain + " --train x.iob", &code);  // no --out
  EXPECT_EQ(code, 64) << out;
  out = RunTool(kTrain + " --bogus", &code);
  EXPECT_EQ(code, 64) << out;

  std::ofstream(dir.Sub("bad.ngtagger")) << "NGTAGGER but not really";
  std::ofstream(dir.Sub("d.iob")) << "a O\n";
  out = RunTool(kEval + " --model " + dir.Sub("bad.ngtagger") + " " + dir.Sub("d.iob"), &code);
  EXPECT_EQ(code, 65) << out;
  EXPECT_THAT(out, HasSubstr("model:"));

  std::ofstream(dir.Sub("broken.iob")) << "token-without-tag\n";
  out = RunTool(kTrain + " --out " + dir.Sub("m") + " " + dir.Sub("broken.iob"), &code);
  EXPECT_EQ(code, 65) << out;
  EXPECT_THAT(out, HasSubstr("broken.iob:1:"));
}

}  // namespace
}  // namespace newsgraph::tools::ner
