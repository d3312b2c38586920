// Times leadscore's stages on one file: read (CSV → columns), encode (columns → design blocks), fit.
// Run by `make bench` (Tests/bench/run.sh); prints one line per stage: name, seconds, MB/s.
import Foundation
import LeadScore

BLASKernels.chooseIfUnrecognised()
BLASKernels.stopIdleThreads()
let args = CommandLine.arguments
func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let v = try body()
    return (v, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

// `leadscore-bench events LEADS LOG`: the activity features of every lead as of created_date + 30 days (eight
// types, half-life 30 days), as `train --events` computes them.
if args.count == 4 && args[1] == "events" {
    do {
        let (values, seconds) = try time { () throws -> EventValues in
            let index = try LeadIndex.read(path: args[2], idColumn: "lead_id", asOf: .column("created_date", plusDays: 30),
                                           rules: ValueRules(), delimiter: nil)
            return try EventLog.aggregate(path: args[3], spec: EventsSpec(id: "lead_id", type: "activity_type", time: "occurred_at"),
                                          leads: index, rules: ValueRules())
        }
        print("events  \(NumberFormat.fixed(seconds, 3)) s  (\(values.counts.text); \(values.names.count) features)")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("leadscore-bench: \(error)\n".utf8))
        exit(1)
    }
}
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: leadscore-bench FILE LABEL [missing,tokens] [excluded,columns]\n       leadscore-bench events LEADS LOG\n".utf8))
    exit(64)
}
let path = args[1], label = args[2]
let missing = args.count > 3 ? args[3].split(separator: ",").map(String.init) : []
let exclude = args.count > 4 ? args[4].split(separator: ",").map(String.init) : []
let bytes = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6

do {
    let spec = FeatureSpec(label: label, exclude: exclude, missing: missing)
    let header = try CSVReader(path: path).header
    let plan = try ColumnPlan(header: header, spec: spec, timeColumn: nil, file: path)
    let (records, parse) = try time { () -> Int in
        var n = 0
        try CSVReader(path: path).forEachRecord { r in n += r.count }
        return n
    }
    print("parse   \(NumberFormat.fixed(parse, 3)) s  \(NumberFormat.fixed(bytes / parse, 0)) MB/s  (\(records) fields, no storage)")
    let (table, read) = try time { try TableReader.read(path: path, columns: plan.requests, missing: spec.valueRules) }
    let features = SchemaInference.decisions(table, plan: plan).compactMap { d in
        d.type.map { FeatureDeclaration(name: d.name, type: $0) }
    }
    let rows = Array(0..<table.rowCount)
    let (encoder, fitEncoder) = try time {
        try FeatureEncoder.fit(table: table, features: features, rows: rows, minLevelCount: 10, dropReference: false)
    }
    let (design, build) = try time { try DesignMatrix(encoder: encoder, table: table, rows: rows) }
    // Every block filled as each pass of train's fit fills them (on the cores, through the lane columns and the rows'
    // present terms); until 2026-12-07 one core filled them, column by column, as `predict` does.
    let (filled, fill) = time { design.fillEveryBlock() }
    let encode = fitEncoder + build + fill
    print("read    \(NumberFormat.fixed(read, 3)) s  \(NumberFormat.fixed(bytes / read, 0)) MB/s  (\(table.rowCount) rows, \(NumberFormat.fixed(bytes, 1)) MB)")
    print("encode  \(NumberFormat.fixed(encode, 3)) s  (\(design.width) columns incl. intercept)")
    print("read+encode \(NumberFormat.fixed(read + encode, 3)) s  \(NumberFormat.fixed(bytes / (read + encode), 0)) MB/s")
    if filled.lastValues.isNaN { print("") }
} catch {
    FileHandle.standardError.write(Data("leadscore-bench: \(error)\n".utf8))
    exit(1)
}
