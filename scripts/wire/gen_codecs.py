#!/usr/bin/env python3
"""Generates src/MarginCall.Engine/Wire/{CommandCodec,EventCodec,CommandJson,EventJson}.g.cs and src/MarginCall.Engine/Events/EventScope.g.cs from the positional
records in src/MarginCall.Engine/{Commands,Events}. Run from the repository root after adding a command or an event
(and give it the next code in CommandCode/EventCode); the output is plain WireWriter/WireReader and
System.Text.Json code, checked in."""
import re, sys, os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENG = os.path.join(ROOT, 'src/MarginCall.Engine')

def split_top(s):
    out, depth, cur = [], 0, ''
    for ch in s:
        if ch in '(<[': depth += 1
        if ch in ')>]': depth -= 1
        if ch == ',' and depth == 0:
            out.append(cur); cur = ''
        else:
            cur += ch
    if cur.strip(): out.append(cur)
    return [x.strip() for x in out]

def params(text):
    res = []
    for p in split_top(text):
        p = p.split('=')[0].strip()
        t, n = p.rsplit(None, 1)
        res.append((t.strip(), n.strip()))
    return res

def records(files, pattern):
    out = []
    for f in files:
        s = open(os.path.join(ENG, f)).read()
        for m in re.finditer(pattern, s, re.S):
            out.append((m.group(1), params(m.group(2))))
    return out

cmds = records(['Commands/Commands.cs', 'Commands/AuctionCommands.cs'], r'public sealed record (\w+)\((.*?)\)\s*:\s*(?:Command|WaterfallCommand)\b')
evs = records(['Events/EngineEvent.cs', 'Events/LiquidationEvents.cs'], r'public sealed record (\w+)\((.*?)\)\s*:\s*EngineEvent\(Sequence\)')
structs = dict(records(['Events/LiquidationEvents.cs', 'Liquidation/SizingRule.cs', 'Liquidation/LiquidationFee.cs'], r'public readonly record struct (\w+)\((.*?)\);'))
structs = {k: v for k, v in structs.items() if k in ('LiquidationFill', 'SocializedCharge', 'SizingDecision', 'FeeBreakdown')}

def codes(path):
    s = open(os.path.join(ENG, path)).read()
    return {m.group(1): int(m.group(2)) for m in re.finditer(r'^\s+(\w+) = (\d+),', s, re.M)}
ccodes, ecodes = codes('Commands/CommandCode.cs'), codes('Events/EventCode.cs')
for n, _ in cmds:
    assert n in ccodes, f'no CommandCode for {n}'
for n, _ in evs:
    assert n in ecodes, f'no EventCode for {n}'

ENUMS = {'MarketStatus', 'MarginMode', 'Side', 'LiquidationState', 'AuctionCurve', 'SizingRule', 'FeeRule', 'RejectionReason', 'CancelReason',
         'FundChangeReason', 'AuctionOpenReason', 'AuctionResetReason', 'AuctionCloseReason', 'BackstopReason', 'BadDebtReason'}
SIMPLE = {  # type: (binary write, binary read, json write, json read)
    'long': ('w.WriteInt64({e})', 'r.ReadInt64({l})', 'j.WriteNumber({n}, {e})', 'JsonFields.Int64({v}, {l})'),
    'int': ('w.WriteInt32({e})', 'r.ReadInt32({l})', 'j.WriteNumber({n}, {e})', 'JsonFields.Int32({v}, {l})'),
    'bool': ('w.WriteBoolean({e})', 'r.ReadBoolean({l})', 'j.WriteBoolean({n}, {e})', 'JsonFields.Boolean({v}, {l})'),
    'string': ('w.WriteString({e})', 'r.ReadString({l})', 'j.WriteString({n}, {e})', 'JsonFields.String({v}, {l})'),
    'string?': ('w.WriteOptionalString({e})', 'r.ReadOptionalString({l})', 'j.WriteString({n}, {e})', 'JsonFields.OptionalString({v}, {l})'),
    'Quantums': ('w.WriteQuantums({e})', 'r.ReadQuantums({l})', 'j.WriteNumber({n}, {e}.Value)', 'new Quantums(JsonFields.Int64({v}, {l}))'),
    'Price': ('w.WritePrice({e})', 'r.ReadPrice({l})', 'j.WriteNumber({n}, {e}.Units)', 'new Price(JsonFields.Int64({v}, {l}))'),
    'Price?': ('w.WriteOptionalPrice({e})', 'r.ReadOptionalPrice({l})', 'JsonFields.WriteOptional(j, {n}, {e}?.Units)', 'JsonFields.OptionalInt64({v}, {l}) is {{ }} {tmp} ? new Price({tmp}) : null'),
    'Ppm': ('w.WritePpm({e})', 'r.ReadPpm({l})', 'j.WriteNumber({n}, {e}.Value)', 'new Ppm(JsonFields.Int64({v}, {l}))'),
    'Ppm?': ('w.WriteOptionalPpm({e})', 'r.ReadOptionalPpm({l})', 'JsonFields.WriteOptional(j, {n}, {e}?.Value)', 'JsonFields.OptionalInt64({v}, {l}) is {{ }} {tmp} ? new Ppm({tmp}) : null'),
    'AccountId': ('w.WriteAccountId({e})', 'r.ReadAccountId({l})', 'j.WriteNumber({n}, {e}.Value)', 'new AccountId(JsonFields.Int64({v}, {l}))'),
    'MarketId': ('w.WriteMarketId({e})', 'r.ReadMarketId({l})', 'j.WriteNumber({n}, {e}.Value)', 'new MarketId(JsonFields.Int32({v}, {l}))'),
    'AssetId': ('w.WriteAssetId({e})', 'r.ReadAssetId({l})', 'j.WriteNumber({n}, {e}.Value)', 'new AssetId(JsonFields.Int32({v}, {l}))'),
    'OrderId': ('w.WriteInt64({e}.Value)', 'new OrderId(r.ReadInt64({l}))', 'j.WriteNumber({n}, {e}.Value)', 'new OrderId(JsonFields.Int64({v}, {l}))'),
    'LotId': ('w.WriteInt64({e}.Value)', 'new LotId(r.ReadInt64({l}))', 'j.WriteNumber({n}, {e}.Value)', 'new LotId(JsonFields.Int64({v}, {l}))'),
    'FundId': ('w.WriteInt32({e}.Value)', 'new FundId(r.ReadInt32({l}))', 'j.WriteNumber({n}, {e}.Value)', 'new FundId(JsonFields.Int32({v}, {l}))'),
    'EngineTime': ('w.WriteInt64({e}.Milliseconds)', 'new EngineTime(r.ReadInt64({l}))', 'j.WriteNumber({n}, {e}.Milliseconds)', 'new EngineTime(JsonFields.Int64({v}, {l}))'),
    'CommandCode': ('w.WriteUInt16((ushort){e})', 'WireCodes.ReadCommandCode(ref r, {l})', 'j.WriteString({n}, {e}.ToString())', 'JsonFields.Enum<CommandCode>({v}, {l})'),
    'LiquidationParameters': ('LiquidationParametersEncoding.Write(w, {e})', 'LiquidationParametersEncoding.Read(ref r)', 'j.WriteBase64String({n}, WireCodes.Blob({e}))', 'WireCodes.Parameters(JsonFields.Bytes({v}, {l}), {l})'),
    'PerpetualMarket': ('VenueEncoding.WriteMarket(w, {e})', 'VenueEncoding.ReadMarket(ref r, {l})', 'j.WriteBase64String({n}, WireCodes.Blob({e}))', 'WireCodes.Market(JsonFields.Bytes({v}, {l}), {l})'),
}
for en in ENUMS:
    SIMPLE[en] = ('w.WriteByte((byte){e})', 'r.ReadEnum<%s>({l})' % en, 'j.WriteString({n}, {e}.ToString())', 'JsonFields.Enum<%s>({v}, {l})' % en)

def norm(t):
    return t.replace('Liquidation.LiquidationParameters', 'LiquidationParameters')

def camel(n): return n[0].lower() + n[1:]

tmpcount = [0]
def tmp():
    tmpcount[0] += 1
    return f'v{tmpcount[0]}'

def bin_write(t, e, ind):
    t = norm(t)
    if t in SIMPLE: return [ind + SIMPLE[t][0].format(e=e) + ';']
    if t in structs: return [ind + f'Write{t}(w, {e});']
    m = re.fullmatch(r'IReadOnlyList<(\w+)>', t)
    if m:
        it = m.group(1); x = tmp()
        # An index loop: foreach over an IReadOnlyList boxes its enumerator (32 B per list encoded).
        i = x + 'i'
        return ([ind + f'w.WriteLength({e}.Count);', ind + f'for (var {i} = 0; {i} < {e}.Count; {i}++)', ind + '{', ind + f'    var {x} = {e}[{i}];']
                + bin_write(it, x, ind + '    ') + [ind + '}'])
    raise SystemExit('no binary encoding for ' + t)

def bin_read(t, label):
    t = norm(t)
    l = f'"{label}"'
    if t in SIMPLE: return SIMPLE[t][1].format(l=l)
    if t in structs: return f'Read{t}(ref r, {l})'
    m = re.fullmatch(r'IReadOnlyList<(\w+)>', t)
    if m: return f'Read{m.group(1)}List(ref r, {l})'
    raise SystemExit('no binary decoding for ' + t)

def json_write(t, name, e, ind):
    t = norm(t)
    n = f'"{name}"'
    if t in SIMPLE: return [ind + SIMPLE[t][2].format(n=n, e=e) + ';']
    if t in structs: return [ind + f'j.WritePropertyName({n});', ind + f'Write{t}(j, {e});']
    m = re.fullmatch(r'IReadOnlyList<(\w+)>', t)
    if m:
        it = m.group(1); x = tmp()
        inner = json_item_write(it, x, ind + '    ')
        return [ind + f'j.WriteStartArray({n});', ind + f'foreach (var {x} in {e})', ind + '{'] + inner + [ind + '}', ind + 'j.WriteEndArray();']
    raise SystemExit('no json for ' + t)

def json_item_write(t, e, ind):
    if t in structs: return [ind + f'Write{t}(j, {e});']
    if t == 'OrderId': return [ind + f'j.WriteNumberValue({e}.Value);']
    raise SystemExit('no json item for ' + t)

def json_read(t, v, label):
    t = norm(t)
    l = f'"{label}"'
    if t in SIMPLE: return SIMPLE[t][3].format(v=v, l=l, tmp=tmp())
    if t in structs: return f'Read{t}({v}, {l})'
    m = re.fullmatch(r'IReadOnlyList<(\w+)>', t)
    if m: return f'Read{m.group(1)}List({v}, {l})'
    raise SystemExit('no json read for ' + t)

HEADER = '''// <auto-generated>
// Generated by scripts/wire/gen_codecs.py from the command and event records; do not edit by hand: change the records
// (and CommandCode/EventCode), then run the script from the repository root.
// </auto-generated>
#nullable enable
using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Wire;
'''

def struct_helpers_bin():
    out = []
    for s, fields in structs.items():
        out.append(f'    private static void Write{s}(in WireWriter w, {s} value)')
        out.append('    {')
        for t, n in fields: out += bin_write(t, f'value.{n}', '        ')
        out.append('    }')
        out.append('')
        # Field names are constants and the enclosing path is added only when decoding fails: building
        # "path.Field" for every read allocated ~2 KB per LiquidationStep decode (MemoryPackComparisonBenchmarks).
        out.append(f'    private static {s} Read{s}(ref WireReader r, string path)')
        out.append('    {')
        out.append('        try')
        out.append('        {')
        out.append('            return new(')
        args = []
        for t, n in fields:
            rd = bin_read(t, 'X').replace('"X"', f'"{n}"')
            args.append('                ' + rd)
        out.append(',\n'.join(args) + ');')
        out.append('        }')
        out.append('        catch (WireFormatException e)')
        out.append('        {')
        out.append('            throw e.Within(path);')
        out.append('        }')
        out.append('    }')
        out.append('')
    for it in ('LiquidationFill', 'SocializedCharge', 'OrderId'):
        out.append(f'    private static {it}[] Read{it}List(ref WireReader r, string path)')
        out.append('    {')
        out.append('        var items = new %s[r.ReadLength(path, r.Remaining)];' % it)
        out.append('        for (var i = 0; i < items.Length; i++)')
        out.append('        {')
        if it == 'OrderId':
            out.append('            items[i] = new OrderId(r.ReadInt64(path));')
        else:
            out.append(f'            items[i] = Read{it}(ref r, path);')
        out.append('        }')
        out.append('')
        out.append('        return items;')
        out.append('    }')
        out.append('')
    return out

def struct_helpers_json():
    out = []
    for s, fields in structs.items():
        out.append(f'    private static void Write{s}(Utf8JsonWriter j, {s} value)')
        out.append('    {')
        out.append('        j.WriteStartObject();')
        for t, n in fields: out += json_write(t, camel(n), f'value.{n}', '        ')
        out.append('        j.WriteEndObject();')
        out.append('    }')
        out.append('')
        out.append(f'    private static {s} Read{s}(JsonElement element, string path)')
        out.append('    {')
        out.append('        var f = new JsonFields(element, path);')
        out.append('        var value = new %s(' % s)
        args = []
        for t, n in fields:
            rd = json_read(t, f'f.Take("{camel(n)}")', 'X').replace('"X"', f'path + ".{camel(n)}"')
            args.append('            ' + rd)
        out.append(',\n'.join(args) + ');')
        out.append('        f.EnsureAllTaken();')
        out.append('        return value;')
        out.append('    }')
        out.append('')
    for it in ('LiquidationFill', 'SocializedCharge', 'OrderId'):
        out.append(f'    private static {it}[] Read{it}List(JsonElement element, string path)')
        out.append('    {')
        out.append('        var items = new %s[JsonFields.ArrayLength(element, path)];' % it)
        out.append('        var i = 0;')
        out.append('        foreach (var item in element.EnumerateArray())')
        out.append('        {')
        if it == 'OrderId':
            out.append('            items[i] = new OrderId(JsonFields.Int64(item, $"{path}[{i}]"));')
        else:
            out.append(f'            items[i] = Read{it}(item, $"{{path}}[{{i}}]");')
        out.append('            i++;')
        out.append('        }')
        out.append('')
        out.append('        return items;')
        out.append('    }')
        out.append('')
    return out

def gen_bin(kind, recs, codes_, base, codetype, seq):
    cls = f'{kind}Codec'
    o = [HEADER]
    o.append(f'/// <summary>')
    o.append(f'/// The binary form of every {base.lower() if base != "EngineEvent" else "event"}: its <see cref="{codetype}"/> as two bytes (little-endian), then its fields in declaration')
    o.append(f'/// order in the <see cref="WireWriter"/> encodings (docs/sequencer.md, "Wire contract"). Allocation-free to encode;')
    o.append(f'/// decoding names the failing field in its <see cref="WireFormatException"/>.')
    o.append(f'/// </summary>')
    o.append(f'public static partial class {cls}')
    o.append('{')
    o.append(f'    /// <summary>Writes <paramref name="value"/> (its code, then its fields).</summary>')
    o.append(f'    public static void Write(in WireWriter w, {base} value)')
    o.append('    {')
    o.append('        ArgumentNullException.ThrowIfNull(value);')
    o.append('        w.WriteUInt16((ushort)value.Code);')
    o.append('        switch (value)')
    o.append('        {')
    for n, fields in recs:
        o.append(f'            case {n} x:')
        for t, f in fields: o += bin_write(t, f'x.{f}', '                ')
        o.append('                break;')
    o.append(f'            default: throw new ArgumentException($"no encoding for {{value.GetType().Name}}", nameof(value));')
    o.append('        }')
    o.append('    }')
    o.append('')
    o.append(f'    /// <summary>Reads one {kind.lower()} (code, then fields); an unknown code throws a <see cref="WireFormatException"/>.</summary>')
    o.append(f'    public static {base} Read(ref WireReader r)')
    o.append('    {')
    o.append(f'        var code = WireCodes.Read{codetype}(ref r, "{kind}.code");')
    o.append('        return code switch')
    o.append('        {')
    for n, fields in recs:
        args = ', '.join(bin_read(t, f'{n}.{f}') for t, f in fields)
        o.append(f'            {codetype}.{n} => new {n}({args}),')
    o.append(f'            _ => throw new WireFormatException("{kind}.code", r.Position - 2, $"no decoder for {{code}}"),')
    o.append('        };')
    o.append('    }')
    o.append('')
    o += struct_helpers_bin() if kind == 'Event' else [
        '    private static OrderId[] ReadOrderIdList(ref WireReader r, string path)', '    {',
        '        var items = new OrderId[r.ReadLength(path, r.Remaining)];', '        for (var i = 0; i < items.Length; i++)', '        {',
        '            items[i] = new OrderId(r.ReadInt64(path));', '        }', '', '        return items;', '    }', '']
    while o[-1] == '': o.pop()
    o.append('}')
    return '\n'.join(o) + '\n'

def gen_json(kind, recs, base, codetype):
    cls = f'{kind}Json'
    o = [HEADER]
    o.append('/// <summary>')
    o.append(f'/// The JSON form of every {kind.lower()}: an object whose <c>type</c> is the {codetype} name, then one camelCase')
    o.append('/// member per field. Reading is strict: an unknown, missing or repeated member, a number out of range or an')
    o.append('/// undefined enum name throws a <see cref="WireFormatException"/> naming the field.')
    o.append('/// </summary>')
    o.append(f'public static partial class {cls}')
    o.append('{')
    o.append(f'    /// <summary>Writes <paramref name="value"/> as one JSON object.</summary>')
    o.append(f'    public static void Write(Utf8JsonWriter j, {base} value)')
    o.append('    {')
    o.append('        ArgumentNullException.ThrowIfNull(j);')
    o.append('        ArgumentNullException.ThrowIfNull(value);')
    o.append('        j.WriteStartObject();')
    o.append('        j.WriteString("type", value.Code.ToString());')
    o.append('        switch (value)')
    o.append('        {')
    for n, fields in recs:
        o.append(f'            case {n} x:')
        for t, f in fields: o += json_write(t, camel(f), f'x.{f}', '                ')
        o.append('                break;')
    o.append(f'            default: throw new ArgumentException($"no JSON form for {{value.GetType().Name}}", nameof(value));')
    o.append('        }')
    o.append('')
    o.append('        j.WriteEndObject();')
    o.append('    }')
    o.append('')
    o.append(f'    /// <summary>Reads one {kind.lower()} object.</summary>')
    o.append(f'    public static {base} Read(JsonElement element)')
    o.append('    {')
    o.append(f'        var f = new JsonFields(element, "{kind}");')
    o.append(f'        var code = JsonFields.Enum<{codetype}>(f.Take("type"), "{kind}.type");')
    o.append(f'        {base} value = code switch')
    o.append('        {')
    for n, fields in recs:
        args = ', '.join(json_read(t, f'f.Take("{camel(fl)}")', f'{n}.{camel(fl)}') for t, fl in fields)
        o.append(f'            {codetype}.{n} => new {n}({args}),')
    o.append(f'            _ => throw new WireFormatException("{kind}.type", -1, $"no decoder for {{code}}"),')
    o.append('        };')
    o.append('        f.EnsureAllTaken();')
    o.append('        return value;')
    o.append('    }')
    o.append('')
    o += struct_helpers_json() if kind == 'Event' else [
        '    private static OrderId[] ReadOrderIdList(JsonElement element, string path)', '    {',
        '        var items = new OrderId[JsonFields.ArrayLength(element, path)];', '        var i = 0;',
        '        foreach (var item in element.EnumerateArray())', '        {',
        '            items[i] = new OrderId(JsonFields.Int64(item, $"{path}[{i}]"));', '            i++;', '        }', '', '        return items;', '    }', '']
    while o[-1] == '': o.pop()
    o.append('}')
    return '\n'.join(o) + '\n'

def gen_scope():
    """EventScope: which accounts and which market each event concerns, read from its AccountId and MarketId fields
    (and those of the structs in its lists, e.g. the makers of a liquidation's fills) — for stream subscriptions."""
    o = [HEADER.replace('namespace MarginCall.Engine.Wire;', 'namespace MarginCall.Engine.Events;')]
    o.append('/// <summary>')
    o.append('/// The accounts and the market an event concerns: every <see cref="AccountId"/> and <see cref="MarketId"/> field of the')
    o.append('/// event, and those of the values in its lists (a liquidation\'s fills name their makers). Subscription filters use it.')
    o.append('/// </summary>')
    o.append('public static class EventScope')
    o.append('{')
    o.append('    /// <summary>The market the event belongs to; null for account-wide and venue-wide events.</summary>')
    o.append('    public static MarketId? MarketOf(EngineEvent value) => value switch')
    o.append('    {')
    for n, fields in evs:
        ms = [f for t, f in fields if norm(t) == 'MarketId']
        if ms: o.append(f'        {n} x => x.{ms[0]},')
    o.append('        _ => null,')
    o.append('    };')
    o.append('')
    o.append('    /// <summary>True when <paramref name="account"/> is one of the accounts the event names.</summary>')
    o.append('    public static bool Concerns(EngineEvent value, AccountId account) => value switch')
    o.append('    {')
    for n, fields in evs:
        terms = [f'x.{f} == account' for t, f in fields if norm(t) == 'AccountId']
        for t, f in fields:
            m = re.fullmatch(r'IReadOnlyList<(\w+)>', norm(t))
            if m and m.group(1) in structs:
                inner = [g for tt, g in structs[m.group(1)] if tt == 'AccountId']
                for g in inner: terms.append(f'Any(x.{f}, static (v, a) => v.{g} == a, account)')
        if terms: o.append(f'        {n} x => ' + ' || '.join(terms) + ',')
    o.append('        _ => false,')
    o.append('    };')
    o.append('')
    o.append('    private static bool Any<T>(IReadOnlyList<T> items, Func<T, AccountId, bool> match, AccountId account)')
    o.append('    {')
    o.append('        for (var i = 0; i < items.Count; i++)')
    o.append('        {')
    o.append('            if (match(items[i], account)) return true;')
    o.append('        }')
    o.append('')
    o.append('        return false;')
    o.append('    }')
    o.append('}')
    return '\n'.join(o) + '\n'

W = os.path.join(ENG, 'Wire')
open(os.path.join(ENG, 'Events', 'EventScope.g.cs'), 'w').write(gen_scope())
open(os.path.join(W, 'CommandCodec.g.cs'), 'w').write(gen_bin('Command', cmds, ccodes, 'Command', 'CommandCode', False))
open(os.path.join(W, 'EventCodec.g.cs'), 'w').write(gen_bin('Event', evs, ecodes, 'EngineEvent', 'EventCode', True))
open(os.path.join(W, 'CommandJson.g.cs'), 'w').write(gen_json('Command', cmds, 'Command', 'CommandCode'))
open(os.path.join(W, 'EventJson.g.cs'), 'w').write(gen_json('Event', evs, 'EngineEvent', 'EventCode'))
print(len(cmds), 'commands,', len(evs), 'events')
