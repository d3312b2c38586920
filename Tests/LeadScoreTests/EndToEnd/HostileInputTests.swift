import XCTest

/// The catalogue of hostile and broken command lines, run through the real executable: each case states the
/// exit code, a fragment of the message (which names the flags or file and what to do), and that the files
/// the run was given are byte-for-byte unchanged afterwards with no partial or temporary file left beside
/// them. The table is `HostileInputTests.cases`; the README's "What a bad run does" summarises it.
final class HostileInputTests: XCTestCase {
    /// One case: the arguments (with `$D` standing for the case's own folder), the exit code, a message fragment.
    struct Case {
        let name: String
        let args: [String]
        let exit: Int32
        let message: String
        /// Shell commands run in the case's folder before it (links, read-only files, big policies).
        var setup: String = ""
        /// Run as an unprivileged user (for permissions, which root bypasses).
        var unprivileged = false
        /// Files a successful run creates (nothing else may appear).
        var creates: [String] = []
        /// For a run that scores: the data rows in, which must equal rows scored + rows rejected.
        var rows: Int?
    }

    static let score = ["score", "--model", "$D/model.json", "--leads", "$D/leads.csv", "--policy", "$D/policy.yaml"]
    static let train = ["train", "--data", "$D/history.csv", "--features", "$D/spec.yaml"]
    static let scoreOut = score + ["--out", "$D/out.csv"]
    static let trainOut = train + ["--out", "$D/m.json"]
    static let evaluate = ["evaluate", "--model", "$D/model.json", "--data", "$D/history.csv", "--bootstrap", "0"]
    static let infer = ["infer", "--data", "$D/history.csv", "--label", "converted", "--out", "$D/s.yaml"]
    static let drift = ["drift", "--model", "$D/model.json", "--leads", "$D/leads.csv"]
    /// Shell set-ups that rewrite the leads (L) or history (H) file with Python.
    static func leads(_ python: String) -> String { "python3 -c \"\(python)\" > leads.csv" }
    static func history(_ python: String) -> String { "python3 -c \"\(python)\" > history.csv" }
    static let head = "open('leads.csv').readline()"

    static let cases: [Case] = [
        // An output onto an input, by any path.
        Case(name: "score --out onto --leads", args: score + ["--out", "$D/leads.csv"], exit: 64,
             message: "--out $D/leads.csv is the same file as --leads $D/leads.csv"),
        Case(name: "score --out onto --leads by another path", args: score + ["--out", "$D/sub/../leads.csv"], exit: 64,
             message: "is the same file as --leads", setup: "mkdir sub"),
        Case(name: "score --out a symbolic link to --leads", args: score + ["--out", "$D/link.csv"], exit: 64,
             message: "--out $D/link.csv is the same file as --leads", setup: "ln -s leads.csv link.csv"),
        Case(name: "score --out a hard link to --leads", args: score + ["--out", "$D/hard.csv"], exit: 64,
             message: "--out $D/hard.csv is the same file as --leads", setup: "ln leads.csv hard.csv"),
        Case(name: "score --out onto --model", args: score + ["--out", "$D/model.json"], exit: 64,
             message: "is the same file as --model"),
        Case(name: "score --out onto --policy", args: score + ["--out", "$D/policy.yaml"], exit: 64,
             message: "is the same file as --policy"),
        Case(name: "score --rejects onto --leads", args: score + ["--out", "$D/out.csv", "--rejects", "$D/leads.csv"], exit: 64,
             message: "--rejects $D/leads.csv is the same file as --leads"),
        Case(name: "score default rejects file onto --leads", args: score + ["--out", "$D/x.csv"], exit: 64,
             message: "--rejects (default) $D/x.csv.rejects.csv is the same file as --leads",
             setup: "cp leads.csv x.csv.rejects.csv; rm leads.csv; ln -s x.csv.rejects.csv leads.csv"),
        Case(name: "score --out and --rejects the same file", args: score + ["--out", "$D/o.csv", "--rejects", "$D/o.csv"],
             exit: 64, message: "--out $D/o.csv and --rejects $D/o.csv are the same file"),
        Case(name: "train --out onto --data", args: train + ["--out", "$D/history.csv"], exit: 64,
             message: "--out $D/history.csv is the same file as --data"),
        Case(name: "train --out onto --features", args: train + ["--out", "$D/spec.yaml"], exit: 64,
             message: "is the same file as --features"),
        Case(name: "infer --out onto --data", args: ["infer", "--data", "$D/history.csv", "--label", "converted", "--out", "$D/history.csv"],
             exit: 64, message: "is the same file as --data"),
        Case(name: "evaluate --plots writing over --data", args: ["evaluate", "--model", "$D/model.json", "--data", "$D/roc.svg",
                                                                   "--plots", "$D", "--bootstrap", "0"],
             exit: 64, message: "--plots $D/roc.svg is the same file as --data", setup: "cp history.csv roc.svg"),
        Case(name: "retrain --data inside the registry's history", args: ["retrain", "--data", "$D/reg/history.jsonl", "--registry", "$D/reg"],
             exit: 64, message: "--registry $D/reg/history.jsonl is the same file as --data",
             setup: "mkdir reg; cp history.csv reg/history.jsonl"),
        // Outputs that cannot be written.
        Case(name: "score --out a folder", args: score + ["--out", "$D/sub"], exit: 64,
             message: "--out $D/sub is a folder; name a file inside it", setup: "mkdir sub"),
        Case(name: "score --out in a missing folder", args: score + ["--out", "$D/none/out.csv"], exit: 64,
             message: "the folder $D/none does not exist; create it first (mkdir -p $D/none)"),
        Case(name: "train --out in a missing folder", args: train + ["--out", "$D/none/m.json"], exit: 64,
             message: "the folder $D/none does not exist"),
        Case(name: "synth --out a folder", args: ["synth", "--rows", "10", "--out", "$D/sub"], exit: 64,
             message: "is a folder", setup: "mkdir sub"),
        Case(name: "evaluate --plots a file", args: ["evaluate", "--model", "$D/model.json", "--data", "$D/history.csv",
                                                      "--plots", "$D/leads.csv", "--bootstrap", "0"],
             exit: 64, message: "--plots $D/leads.csv is a file; name a folder"),
        Case(name: "score --out a read-only file", args: score + ["--out", "$D/ro.csv"], exit: 64,
             message: "--out $D/ro.csv is read-only; make it writable (chmod u+w)", setup: "echo old > ro.csv; chmod a-w ro.csv",
             unprivileged: true),
        Case(name: "score --out in a read-only folder", args: score + ["--out", "$D/locked/out.csv"], exit: 64,
             message: "cannot write in the folder $D/locked", setup: "mkdir locked; chmod a-w locked", unprivileged: true),
        // Policies and specs that are not the small files they should be.
        Case(name: "policy alias bomb", args: score + ["--out", "$D/out.csv"], exit: 1,
             message: "policy.yaml:", setup: aliasBomb("policy.yaml")),
        Case(name: "spec alias bomb", args: train + ["--out", "$D/m.json"], exit: 1,
             message: "holds more than 100000 values once its aliases are expanded", setup: aliasBomb("spec.yaml")),
        Case(name: "policy of 2 MB", args: score + ["--out", "$D/out.csv"], exit: 1,
             message: "policy.yaml: is 2001368 bytes; a spec or policy may have at most 1048576 bytes (1 MiB)",
             setup: "python3 -c \"print('# ' + 'x' * 2000000)\" >> policy.yaml"),
        Case(name: "policy nested 100 levels deep", args: score + ["--out", "$D/out.csv"], exit: 1,
             message: "is nested more than 64 levels deep",
             setup: "python3 -c \"print('gates:\\n  g: ' + '{not: ' * 100 + '{field: employees, gt: 1}' + '}' * 100 + '\\ntiers:\\n  - {name: A}')\" > policy.yaml"),
        Case(name: "policy nested 5000 levels deep", args: score + ["--out", "$D/out.csv"], exit: 1,
             message: "policy.yaml", setup: "python3 -c \"print('gates: ' + '[' * 5000 + ']' * 5000)\" > policy.yaml"),
        Case(name: "policy that is a folder", args: score.dropLast(2) + ["--policy", "$D/sub", "--out", "$D/out.csv"], exit: 1,
             message: "$D/sub: is a folder", setup: "mkdir sub"),
        // Lead files broken in every way an export can be.
        Case(name: "score an empty leads file", args: scoreOut, exit: 1, message: "leads.csv:1: the file is empty; a header row is required", setup: ": > leads.csv"),
        Case(name: "score a header-only leads file", args: scoreOut, exit: 0, message: "scored 0, rejected 0",
             setup: "head -n 1 leads.csv > l && mv l leads.csv", creates: ["out.csv"], rows: 0),
        Case(name: "score leads with a byte-order mark", args: scoreOut, exit: 0, message: "scored 998, rejected 2",
             setup: "printf '\\xef\\xbb\\xbf' > l && cat leads.csv >> l && mv l leads.csv", creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score leads with CR-only line ends", args: scoreOut, exit: 0, message: "scored 998, rejected 2",
             setup: "tr '\\n' '\\r' < leads.csv > l && mv l leads.csv", creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score leads with CRLF line ends", args: scoreOut, exit: 0, message: "scored 998, rejected 2",
             setup: "sed 's/$/\\r/' leads.csv > l && mv l leads.csv", creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score ragged rows", args: scoreOut, exit: 0, message: "scored 996, rejected 4",
             setup: "sed -i '5s/$/,extra/; 9s/,[^,]*$//' leads.csv", creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score an unterminated quote", args: scoreOut, exit: 1, message: "leads.csv:11",
             setup: "python3 edit.py leads.csv 11 industry '\"software'"),
        Case(name: "score a NUL byte in a field", args: scoreOut, exit: 0, message: "scored 997, rejected 3",
             setup: "python3 edit.py leads.csv 3 lead_source 'w\\x00b' && python3 edit.py leads.csv 4 employees '8\\x003'",
             creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score invalid UTF-8", args: scoreOut, exit: 0, message: "scored 998, rejected 2 -> $D/out.csv.rejects.csv; 1 unseen category",
             setup: "python3 edit.py leads.csv 3 lead_source 'w\\xff\\xfeb'", creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score a 10 MB field", args: scoreOut, exit: 0, message: "scored",
             setup: "python3 -c \"import sys; ls=open('leads.csv').read().split('\\n'); f=ls[2].split(','); f[21]='x'*10000000; ls[2]=','.join(f); sys.stdout.write('\\n'.join(ls))\" > l && mv l leads.csv",
             creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score 5,000 columns", args: scoreOut, exit: 0, message: "scored 998, rejected 2",
             setup: "python3 -c \"import sys; ls=open('leads.csv').read().rstrip('\\n').split('\\n'); print('\\n'.join([ls[0]+''.join(',x%d'%k for k in range(5000))]+[l+','*5000 for l in ls[1:]]))\" > l && mv l leads.csv",
             creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score duplicate column names", args: scoreOut, exit: 1,
             message: "leads.csv:1: column 'region': the header names this column twice (columns 3 and 6); rename one",
             setup: "sed -i '1s/,industry,/,region,/' leads.csv"),
        Case(name: "score an empty column name", args: scoreOut, exit: 1,
             message: "leads.csv:1: column '#3': the header has an unnamed column; give every column a name",
             setup: "sed -i '1s/,industry,/,,/' leads.csv"),
        Case(name: "score leads missing a model column", args: scoreOut, exit: 1,
             message: "leads.csv:1: the model needs column 'employees', which the file lacks",
             setup: "sed -i '1s/,employees,/,staff,/' leads.csv"),
        Case(name: "score leads missing a policy-only field", args: scoreOut, exit: 1,
             message: "field 'created_date' is not a column of the leads file",
             setup: "sed -i 's/timeline: {field: purchase_timeline_days, lte: 90}/timeline: {field: created_date, gte: 1}/' policy.yaml"
                 + " && sed -i '1s/,created_date,/,created,/' leads.csv"),
        Case(name: "score NaN (missing), inf, -inf and 1e400 in numeric columns", args: scoreOut, exit: 0, message: "scored 995, rejected 5",
             setup: "python3 edit.py leads.csv 3 employees NaN && python3 edit.py leads.csv 4 employees inf"
                 + " && python3 edit.py leads.csv 5 annual_revenue -inf && python3 edit.py leads.csv 6 site_visits 1e400",
             creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score thousands separators, decimal commas and hex", args: scoreOut, exit: 0, message: "scored 995, rejected 5",
             setup: "python3 edit.py leads.csv 3 employees '\"1,083\"' && python3 edit.py leads.csv 4 employees 0x1F"
                 + " && python3 edit.py leads.csv 5 annual_revenue '\"6946000,00\"'",
             creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score a boolean that is not one", args: scoreOut, exit: 0, message: "scored 997, rejected 3",
             setup: "python3 edit.py leads.csv 3 demo_requested maybe", creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score --strict with rejected rows", args: scoreOut + ["--strict"], exit: 1, message: "scored 998, rejected 2",
             creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score a leads file that is a folder", args: score.prefix(3) + ["--leads", "$D/sub", "--out", "$D/out.csv"], exit: 1,
             message: "$D/sub: is a folder, not a CSV file", setup: "mkdir sub"),
        Case(name: "score a leads file that does not exist", args: score.prefix(3) + ["--leads", "$D/none.csv", "--out", "$D/out.csv"],
             exit: 1, message: "$D/none.csv: cannot open the file (No such file or directory); check the path"),
        Case(name: "score --top 0", args: scoreOut + ["--top", "0"], exit: 64, message: "--top must be 1 or more"),
        Case(name: "score --format xml", args: scoreOut + ["--format", "xml"], exit: 64, message: "xml"),
        Case(name: "score --delimiter pipe", args: scoreOut + ["--delimiter", "pipe"], exit: 64, message: "pipe"),
        Case(name: "score --reasons -1", args: scoreOut + ["--reasons=-1"], exit: 64, message: "--reasons must be 0 or more"),
        Case(name: "score without --out", args: score, exit: 64, message: "--out"),
        Case(name: "score an unknown flag", args: scoreOut + ["--fast"], exit: 64, message: "--fast"),
        // Training data that cannot make a model.
        Case(name: "train an empty file", args: trainOut, exit: 1, message: "history.csv:1: the file is empty; a header row is required", setup: ": > history.csv"),
        Case(name: "train a header-only file", args: trainOut, exit: 1,
             message: "column 'converted': the label must have exactly two values, and it has 0", setup: "head -n 1 history.csv > h && mv h history.csv"),
        Case(name: "train a label with three values", args: trainOut, exit: 1, message: "must have exactly two values",
             setup: "sed -i '5s/,0$/,2/' history.csv"),
        Case(name: "train a label of one class", args: trainOut, exit: 1, message: "the label must have exactly two values, and it has 1: \"0\"",
             setup: "sed -i 's/,1$/,0/' history.csv"),
        Case(name: "train a label all missing", args: trainOut, exit: 1, message: "the label must have exactly two values, and it has 0",
             setup: "sed -i '2,$ s/,[01]$/,/' history.csv"),
        Case(name: "train a label column that is absent", args: train + ["--label", "won", "--out", "$D/m.json"], exit: 1,
             message: "history.csv:1: there is no label column 'won'; the columns are"),
        Case(name: "train decimal commas in a numeric column", args: trainOut, exit: 1,
             message: "history.csv:3: column 'annual_revenue': \"6946000,5\" is not a number; fix the value, add it to --missing",
             setup: "python3 edit.py history.csv 3 annual_revenue '\"6946000,5\"'"),
        Case(name: "train inf in a numeric column", args: trainOut, exit: 1, message: "history.csv:3: column 'site_visits'",
             setup: "python3 edit.py history.csv 3 site_visits inf"),
        Case(name: "train 1e400 in a numeric column", args: trainOut, exit: 1, message: "history.csv:7: column 'employees'",
             setup: "python3 edit.py history.csv 7 employees 1e400"),
        Case(name: "train ragged rows", args: trainOut, exit: 1,
             message: "history.csv:4: this row has 24 fields but the header has 23; quote fields that contain ',' or fix the row",
             setup: "sed -i '4s/$/,x/' history.csv"),
        Case(name: "train an unterminated quote", args: trainOut, exit: 1, message: "history.csv:4",
             setup: "python3 edit.py history.csv 4 industry '\"software'"),
        Case(name: "train --l2 -1", args: trainOut + ["--l2=-1"], exit: 64, message: "--l2 must be a number of 0 or more"),
        Case(name: "train --holdout 1.5", args: trainOut + ["--holdout", "1.5"], exit: 64, message: "--holdout must be a fraction between 0 and 1"),
        Case(name: "train --cv 1", args: trainOut + ["--cv", "1"], exit: 64, message: "--cv needs 2 folds or more"),
        Case(name: "train --holdout with --cv", args: trainOut + ["--holdout", "0.2", "--cv", "5"], exit: 64, message: "not both"),
        Case(name: "train --class-weight heavy", args: trainOut + ["--class-weight", "heavy"], exit: 64, message: "heavy"),
        Case(name: "train a spec with an unknown key", args: trainOut, exit: 1, message: "spec.yaml:28: unknown key 'colour'; the spec knows label", setup: "echo 'colour: red' >> spec.yaml"),
        Case(name: "train a spec with an unknown type", args: trainOut, exit: 1,
             message: "spec.yaml:11: feature 'region': unknown type 'colour'; use numeric, boolean or categorical",
             setup: "sed -i 's/region: categorical/region: colour/' spec.yaml"),
        Case(name: "train a spec naming an absent column", args: trainOut, exit: 1, message: "history.csv:1: there is no feature column 'shoe_size'",
             setup: "echo '  shoe_size: numeric' >> spec.yaml"),
        Case(name: "train a spec that is not YAML", args: trainOut, exit: 1, message: "spec.yaml: is not valid YAML",
             setup: "printf 'features: [a, b\\n' > spec.yaml"),
        Case(name: "retrain --holdout 0", args: ["retrain", "--data", "$D/history.csv", "--features", "$D/spec.yaml", "--registry", "$D/reg",
                                                  "--holdout", "0"], exit: 64, message: "--holdout must be a fraction between 0 and 1"),
        // Model files that cannot be trusted.
        Case(name: "score with an empty model file", args: scoreOut, exit: 1, message: "model.json: is not a complete model file",
             setup: ": > model.json"),
        Case(name: "score with a truncated model", args: scoreOut, exit: 1, message: "model.json: is not a complete model file",
             setup: "head -c 5000 model.json > m && mv m model.json"),
        Case(name: "score with a model of a newer format", args: scoreOut, exit: 1, message: "reads format 1 and older",
             setup: "sed -i 's/\"format_version\" : 1/\"format_version\" : 7/' model.json"),
        Case(name: "score with a hand-edited model", args: scoreOut, exit: 1, message: "the model was changed after leadscore wrote it",
             setup: "sed -i '0,/\"estimate\" : -\\?[0-9]/s/\"estimate\" : \\(-\\?\\)[0-9]/\"estimate\" : \\19/' model.json"),
        Case(name: "score with a hand-edited model, trusted", args: scoreOut + ["--trust-edited-model"], exit: 0,
             message: "WARNING: $D/model.json was changed after leadscore wrote it",
             setup: "sed -i '0,/\"estimate\" : -\\?[0-9]/s/\"estimate\" : \\(-\\?\\)[0-9]/\"estimate\" : \\19/' model.json",
             creates: ["out.csv", "out.csv.rejects.csv"], rows: 1000),
        Case(name: "score with a folder as the model", args: ["score", "--model", "$D/sub", "--leads", "$D/leads.csv", "--out", "$D/out.csv"],
             exit: 1, message: "$D/sub: is a folder", setup: "mkdir sub"),
        Case(name: "score with a JSON file that is no model", args: scoreOut, exit: 1, message: "is JSON but not a leadscore model",
             setup: "echo '{\"a\": 1}' > model.json"),
        Case(name: "evaluate with a truncated model", args: evaluate, exit: 1, message: "model.json: is not a complete model file",
             setup: "head -c 100 model.json > m && mv m model.json"),
        Case(name: "inspect a hand-edited model", args: ["inspect", "$D/model.json"], exit: 1, message: "--trust-edited-model",
             setup: "sed -i '0,/\"estimate\" : -\\?[0-9]/s/\"estimate\" : \\(-\\?\\)[0-9]/\"estimate\" : \\19/' model.json"),
        // Policies that cannot be followed.
        Case(name: "policy with an unknown key", args: scoreOut, exit: 1, message: "policy.yaml:30: unknown key 'colour'; a policy has gates", setup: "echo 'colour: red' >> policy.yaml"),
        Case(name: "policy gate on an unknown column", args: scoreOut, exit: 1,
             message: "policy.yaml:15: field 'needs' is not a column of the leads file; the columns are",
             setup: "sed -i 's/field: need_identified/field: needs/' policy.yaml"),
        Case(name: "policy with an unknown operator", args: scoreOut, exit: 1,
             message: "policy.yaml:17: unknown operator 'within'; use is, eq, ne, in",
             setup: "sed -i 's/lte: 90/within: 90/' policy.yaml"),
        Case(name: "policy requiring an unknown gate", args: scoreOut, exit: 1,
             message: "policy.yaml:25: tier 'SQL' requires gate 'money', which is not defined; the gates are",
             setup: "sed -i 's/require: \\[authority\\]/require: [money]/' policy.yaml"),
        Case(name: "policy whose last tier has conditions", args: scoreOut, exit: 1,
             message: "policy.yaml:29: the last tier ('Nurture') must have no conditions",
             setup: "sed -i 's/{name: Nurture}/{name: Nurture, min_score: 5}/' policy.yaml"),
        Case(name: "policy with min_score 150", args: scoreOut, exit: 1, message: "min_score must be from 0 to 100",
             setup: "sed -i 's/min_score: 30/min_score: 150/' policy.yaml"),
        Case(name: "policy with a tier named twice", args: scoreOut, exit: 1, message: "used twice",
             setup: "sed -i 's/{name: MQL/{name: SQL/' policy.yaml"),
        Case(name: "policy with a gate named twice", args: scoreOut, exit: 1, message: "duplicated key(s): 'budget'",
             setup: "sed -i 's/^  need: /  budget: /' policy.yaml"),
        Case(name: "policy with 32 gates", args: scoreOut, exit: 1, message: "a policy may have at most 31 gates (this one has 32)",
             setup: "python3 -c \"print('gates:'); [print('  g%d: {field: employees, gt: %d}' % (k, k)) for k in range(32)]; print('tiers:\\n  - {name: A}')\" > policy.yaml"),
        Case(name: "policy without tiers", args: scoreOut, exit: 1, message: "the policy needs `tiers:`",
             setup: "printf 'gates:\\n  g: {field: employees, gt: 1}\\n' > policy.yaml"),
        Case(name: "evaluate with a broken policy", args: evaluate + ["--policy", "$D/policy.yaml"], exit: 1, message: "policy.yaml:30: unknown key",
             setup: "echo 'colour: red' >> policy.yaml"),
        // Evaluation and drift inputs.
        Case(name: "evaluate a file without the label", args: evaluate, exit: 1, message: "history.csv:1: there is no label column 'converted'",
             setup: "cut -d, -f1-22 history.csv > h && mv h history.csv"),
        Case(name: "evaluate --min-auc 2", args: evaluate + ["--min-auc", "2"], exit: 64, message: "--min-auc must be between 0 and 1"),
        Case(name: "evaluate below --min-auc", args: evaluate + ["--min-auc", "0.99"], exit: 2, message: "the model falls short: AUC"),
        Case(name: "drift on an empty leads file", args: drift, exit: 1, message: "leads.csv:1: the file is empty", setup: ": > leads.csv"),
        Case(name: "drift on header-only leads", args: drift, exit: 1, message: "has no rows", setup: "head -n 1 leads.csv > l && mv l leads.csv"),
        Case(name: "infer an empty file", args: infer, exit: 1, message: "history.csv:1: the file is empty", setup: ": > history.csv"),
        Case(name: "diff with a missing model", args: ["diff", "$D/model.json", "$D/none.json"], exit: 1,
             message: "none.json: there is no model file here"),
        // A full disk: the previous output stays whole.
        Case(name: "score onto a full disk keeps the old output", args: scoreOut, exit: 1, message: "File too large",
             setup: "echo previous > out.csv; echo 'ulimit -f 64' > limit"),
        Case(name: "train onto a full disk keeps the old model", args: trainOut, exit: 1, message: "$D/m.json: writing failed (File too large)",
             setup: "echo previous > m.json; echo 'ulimit -f 8' > limit"),
    ]

    /// A YAML alias bomb: nine levels of nine aliases each, 9⁹ (387 million) values once expanded.
    static func aliasBomb(_ file: String) -> String {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for k in 1...9 { lines.append("a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 9).joined(separator: ", ") + "]") }
        return "printf '%s\\n' " + lines.map { "'\($0)'" }.joined(separator: " ") + " > \(file)"
    }

    func testCatalogue() throws {
        let base = try Self.prepared()
        let dump = ProcessInfo.processInfo.environment["LEADSCORE_CATALOGUE_DUMP"]
        var dumped = ""
        XCTAssertGreaterThanOrEqual(Self.cases.count, 80)
        for c in Self.cases {
            let dir = TestFiles.folder()
            // Readable and writable for the unprivileged runs.
            chmod(dir, 0o777)
            for name in try FileManager.default.contentsOfDirectory(atPath: base) {
                try FileManager.default.copyItem(atPath: base + "/" + name, toPath: dir + "/" + name)
            }
            if !c.setup.isEmpty {
                let s = try CommandLineTests.shell(c.setup, in: dir)
                XCTAssertEqual(s.status, 0, "\(c.name): setup failed: \(s.err)")
            }
            let limit = FileManager.default.contents(atPath: dir + "/limit").flatMap {
                Int(String(decoding: $0, as: UTF8.self).split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
            }
            let before = try snapshot(dir)
            let args = c.args.map { $0.replacingOccurrences(of: "$D", with: dir) }
            let started = Date()
            let run = try CommandLineTests.run(args, unprivileged: c.unprivileged && getuid() == 0, fileSizeLimit: limit)
            dumped += "## \(c.name)\nexit \(run.status)\n\(run.err)\n"
            XCTAssertLessThan(Date().timeIntervalSince(started), 20, "\(c.name): took too long")
            XCTAssertEqual(run.status, c.exit, "\(c.name): \(run.err)")
            let message = c.message.replacingOccurrences(of: "$D", with: dir)
            XCTAssertTrue(run.err.contains(message), "\(c.name): expected «\(message)» in «\(run.err)»")
            XCTAssertFalse(run.err.contains("Fatal error") || run.err.contains("Stack dump") || run.err.contains("Current stack trace"),
                           "\(c.name): crashed: \(run.err)")
            var after = try snapshot(dir)
            for name in c.creates {
                XCTAssertNotNil(after[name], "\(c.name): \(name) was not written")
                if before[name] == nil { after[name] = nil }
            }
            XCTAssertEqual(after.keys.sorted(), before.keys.sorted(), "\(c.name): files appeared or vanished")
            for (name, bytes) in before where !c.creates.contains(name) {
                XCTAssertEqual(after[name], bytes, "\(c.name): \(name) changed")
            }
            if let rows = c.rows {
                let counts = run.err.split(separator: "\n").first { $0.hasPrefix("scored ") }.map {
                    $0.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                }
                XCTAssertEqual(counts.map { $0[0] + $0[1] }, rows, "\(c.name): rows in ≠ rows scored + rows rejected: \(run.err)")
                if let out = after["out.csv"] ?? (try? Data(contentsOf: URL(fileURLWithPath: dir + "/out.csv"))), let counts {
                    XCTAssertEqual(String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).count - 2,
                                   counts[0], "\(c.name): the output's lines")
                }
            }
        }
        if let dump { try dumped.write(toFile: dump, atomically: true, encoding: .utf8) }
    }

    /// A folder with a trained model, leads, history, spec and policy, made once.
    static func prepared() throws -> String {
        if let dir = preparedFolder { return dir }
        let dir = TestFiles.folder()
        for (from, to) in [("datasets/leads_history.csv", "history.csv"), ("datasets/new_leads.csv", "leads.csv"),
                           ("datasets/spec.yaml", "spec.yaml"), ("models/policy.yaml", "policy.yaml")] {
            try FileManager.default.copyItem(atPath: TestFiles.root.appendingPathComponent(from).path, toPath: dir + "/" + to)
        }
        let t = try CommandLineTests.run(["train", "--data", dir + "/history.csv", "--features", dir + "/spec.yaml",
                                          "--out", dir + "/model.json", "--quiet"])
        XCTAssertEqual(t.status, 0, t.err)
        // edit.py FILE LINE COLUMN VALUE: sets one field of an unquoted CSV to VALUE (Python escapes allowed,
        // such as \x00), byte for byte, for the cases' set-ups.
        try """
            import codecs, sys
            path, line, column, value = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
            rows = open(path, 'rb').read().split(b'\\n')
            k = rows[0].split(b',').index(column.encode())
            fields = rows[line - 1].split(b',')
            fields[k] = codecs.escape_decode(value.encode())[0]
            rows[line - 1] = b','.join(fields)
            open(path, 'wb').write(b'\\n'.join(rows))
            """.write(toFile: dir + "/edit.py", atomically: true, encoding: .utf8)
        preparedFolder = dir
        return dir
    }
    // XCTest runs a class's tests one after another on one thread, so the folder is made once, unraced.
    nonisolated(unsafe) static var preparedFolder: String?

    /// Every file below `dir` (as the unprivileged user may have left them) with its bytes.
    func snapshot(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: dir)
        while let name = walker?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isFolder)
            files[name] = isFolder.boolValue ? Data() : (FileManager.default.contents(atPath: dir + "/" + name) ?? Data("<unreadable>".utf8))
        }
        return files
    }
}
