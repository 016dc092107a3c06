// Loading manifests into a Cluster with the diagnostics beside it: the
// library's internal loader. The public way in is Analysis::Load /
// Analysis::FromTexts (netpol/analysis.h), which answer a Result.
#ifndef NETPOL_PARSE_LOAD_H_
#define NETPOL_PARSE_LOAD_H_

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/diagnostic.h"
#include "netpol/loader.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Parses one text. JSON is recognised by a `.json` name or, for any other
/// name, by a first non-blank character of `{` or `[`.
LoadResult LoadText(std::string_view text, const std::string& file_name,
                    const LoadOptions& options = {});

/// Parses several texts into one cluster.
LoadResult LoadInputs(const std::vector<InputFile>& inputs, const LoadOptions& options = {});

/// Reads `paths` (files; directories, recursively, taking *.yaml, *.yml,
/// *.json and Kustomization in sorted order; "-" for `stdin`) and parses
/// them into one cluster.
/// Unreadable paths are errors in the result.
LoadResult LoadPaths(const std::vector<std::string>& paths, std::istream& stdin_stream);

/// Expands `paths` into the input texts LoadPaths would parse. Relative
/// paths are read from `working_directory` when it is not empty; the texts
/// are named as the paths were written. Paths matched by `exclude` or by
/// the `.netpolignore` at the root of a directory argument are left out; a
/// directory's `.git` is never entered.
std::vector<InputFile> ReadInputs(const std::vector<std::string>& paths,
                                  std::istream& stdin_stream, DiagnosticSink& sink,
                                  const std::string& working_directory = {},
                                  const std::vector<std::string>& exclude = {});

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_LOAD_H_
