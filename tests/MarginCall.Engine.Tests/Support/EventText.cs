using System.Collections;
using System.Globalization;
using System.Reflection;

namespace MarginCall.Engine.Tests.Support;

/// <summary>
/// A deep text form of an event for comparisons: every public instance property, recursively, arrays included (a
/// record's own ToString prints an array as its type name, which would hide a difference in the fills of a step).
/// </summary>
public static class EventText
{
    public static string Describe(object? value) => Describe(value, depth: 0);

    private static string Describe(object? value, int depth)
    {
        if (value is null)
        {
            return "null";
        }

        var type = value.GetType();
        if (value is string || value is Enum || type.IsPrimitive || value is decimal || value is Int128 || depth > 6)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }

        if (value is IEnumerable items)
        {
            var parts = new List<string>();
            foreach (var item in items)
            {
                parts.Add(Describe(item, depth + 1));
            }

            return "[" + string.Join(", ", parts) + "]";
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken);
        return type.Name + "{" + string.Join(", ", properties.Select(p => p.Name + "=" + Describe(p.GetValue(value), depth + 1))) + "}";
    }
}
