#!/usr/bin/env Rscript
# What the PRISMA2020 Shiny app (v1.1.4) does with an uploaded CSV, replayed without
# Shiny: our own driver over the package's own reader.
#
# Usage: Rscript prisma2020_app_upload.R <dir with the package's R files> <file.csv>
#
# Needs PRISMA_default_or_csv.R, PRISMA_format.R and PRISMA_data.R of PRISMA2020
# v1.1.4 in that directory, and the R package scales. The option detection is the
# app's own dplyr code when dplyr is installed, a base-R transcription otherwise
# (printed as app.replay=).
#
# Steps replayed, in the order app.R runs them on "Upload csv":
#   1. pkg:  read.csv(file) then PRISMA_data(): what the package's docs do.
#   2. opts: the server's observe() block: previous_load, db_detail_load,
#            reg_detail_load, meta_analysis_load, each used inside if () (an NA there
#            is the app's "missing value where TRUE/FALSE needed").
#   3. form: renderUI fills one textInput per data key with
#            data_initial[which(data == key), "n"]; the browser sends each back as a
#            string (NA renders as an empty value, so it returns ""), and each
#            observeEvent(input$key) writes it into rv$data.
#   4. app:  the plot() reactive: PRISMA_data(rv$data), the option flags, and the
#            side-label JavaScript built from the boxtext of three rows.
# Not replayed: PRISMA_flowdiagram() itself (needs DiagrammeR, not in Debian).
#
# Output, one per line: <step>.<name>=<value>; error=<step>: <message> with exit 1.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) {
  cat("usage: Rscript prisma2020_app_upload.R <PRISMA2020 R dir> <file.csv>\n", file = stderr())
  quit(status = 2)
}
rdir <- args[[1]]
csv <- args[[2]]
if (!requireNamespace("scales", quietly = TRUE)) {
  cat("error=setup: the R package scales is not installed\n")
  quit(status = 3)
}
env <- new.env(parent = globalenv())
for (f in c("PRISMA_default_or_csv.R", "PRISMA_format.R", "PRISMA_data.R")) {
  sys.source(file.path(rdir, f), envir = env, keep.source = FALSE)
}

esc <- function(x) gsub("\n", "\\n", gsub("\\", "\\\\", as.character(x), fixed = TRUE), fixed = TRUE)
out <- function(name, value) {
  if (length(value) == 1) {
    cat(name, "=", esc(value), "\n", sep = "")
  } else {
    cat(name, "=", paste(esc(value), collapse = " | "), "\n", sep = "")
  }
}
fail <- function(step, e) {
  cat("error=", step, ": ", esc(conditionMessage(e)), "\n", sep = "")
  quit(status = 1)
}
run <- function(step, expr) {
  withCallingHandlers(
    tryCatch(expr, error = function(e) fail(step, e)),
    warning = function(w) {
      out(paste0(step, ".warning"), conditionMessage(w))
      invokeRestart("muffleWarning")
    }
  )
}
report <- function(step, x) {
  for (nm in names(x)) {
    v <- x[[nm]]
    if (nm %in% c("tooltips", "urls")) next
    if (is.data.frame(v)) {
      out(paste0(step, ".", nm), paste0(v$reason, ", ", v$n))
    } else {
      out(paste0(step, ".", nm), v)
    }
  }
}

# 1. The package's reader on the file as read.csv gives it.
data_initial <- run("read", read.csv(csv))
report("pkg", run("pkg", env$PRISMA_data(data_initial)))

# 2. The upload branch of the server's observe() block.
# PRISMA2020_REPLAY=base forces the transcription (so a test can compare the two).
have_dplyr <- Sys.getenv("PRISMA2020_REPLAY") != "base" &&
  requireNamespace("dplyr", quietly = TRUE)
out("app.replay", if (have_dplyr) "dplyr" else "base")
if (have_dplyr) {
  suppressPackageStartupMessages(library(dplyr))
  loads <- run("opts", list(
    previous = data_initial |>
      dplyr::filter(data == "previous_studies" | data == "previous_reports") |>
      dplyr::summarise(included = any(n != "0")) |>
      dplyr::pull(.data$included),
    dbDetail = data_initial |>
      dplyr::filter(data == "database_specific_results") |>
      dplyr::summarise(included = any(
        n != "Database 1, xxx; Database 2, xxx; Database 3, xxx"
      )) |>
      dplyr::pull(.data$included),
    regDetail = data_initial |>
      dplyr::filter(data == "register_specific_results") |>
      dplyr::summarise(included = any(
        n != "Register 1, xxx; Register 2, xxx; Register 3, xxx"
      )) |>
      dplyr::pull(.data$included),
    metaAnalysis = data_initial |>
      dplyr::filter(data == "total_studies_ma" | data == "total_reports_ma") |>
      dplyr::summarise(included = any(n != "0")) |>
      dplyr::pull(.data$included)
  ))
} else {
  # dplyr::filter keeps the rows where the condition is TRUE (not NA).
  rows_n <- function(keys) data_initial$n[!is.na(data_initial$data) & data_initial$data %in% keys]
  loads <- list(
    previous = any(rows_n(c("previous_studies", "previous_reports")) != "0"),
    dbDetail = any(rows_n("database_specific_results") !=
      "Database 1, xxx; Database 2, xxx; Database 3, xxx"),
    regDetail = any(rows_n("register_specific_results") !=
      "Register 1, xxx; Register 2, xxx; Register 3, xxx"),
    metaAnalysis = any(rows_n(c("total_studies_ma", "total_reports_ma")) != "0")
  )
}
the_options <- run("opts", c(
  previous = if (loads$previous) "Included" else "Not Included",
  other = "Included",
  dbDetail = if (loads$dbDetail) "Included" else "Not Included",
  regDetail = if (loads$regDetail) "Included" else "Not Included",
  metaAnalysis = if (loads$metaAnalysis) "Included" else "Not Included"
))
for (nm in names(the_options)) out(paste0("opts.", nm), the_options[[nm]])

# 3. The form: every textInput of output$selection, in app.R's order.
inputs <- c(
  "previous_studies", "previous_reports", "database_results", "register_results",
  "database_specific_results", "register_specific_results", "website_results",
  "organisation_results", "citations_results", "duplicates", "excluded_automatic",
  "excluded_other", "records_screened", "records_excluded", "dbr_sought_reports",
  "dbr_notretrieved_reports", "other_sought_reports", "other_notretrieved_reports",
  "dbr_assessed", "dbr_excluded", "other_assessed", "other_excluded", "new_studies",
  "new_reports", "total_studies_ma", "total_reports_ma", "total_studies", "total_reports"
)
rv_data <- read.csv(csv)
run("form", for (key in inputs) {
  value <- data_initial[which(data_initial$data == key), "n"]
  sent <- if (length(value) == 0 || is.na(value[[1]])) "" else as.character(value[[1]])
  rv_data[which(rv_data$data == key), "n"] <- sent
})

# 4. The plot() reactive, up to PRISMA_flowdiagram().
report("app", run("app", env$PRISMA_data(rv_data)))
run("app", {
  flags <- vapply(the_options, function(o) o == "Included", logical(1))
  labels <- paste0(
    rv_data[which(rv_data$data == "identification"), "boxtext"], "|",
    rv_data[which(rv_data$data == "screening"), "boxtext"], "|",
    rv_data[which(rv_data$data == "included"), "boxtext"]
  )
})
out("app.labels", labels)
