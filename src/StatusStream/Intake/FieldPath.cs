namespace StatusStream.Intake;

/// <summary>
/// Where a field sits in the document, as a detail names it: "provider", or "recipients[2].error" for a field of an
/// array element. Formatted only when a detail is written, so reading a valid event builds no path text per recipient.
/// </summary>
internal readonly struct FieldPath
{
    private readonly string _parent;
    private readonly int _index;
    private readonly string _name;

    /// <summary>The field <paramref name="name"/> of element <paramref name="index"/> of the array <paramref name="array"/>.</summary>
    public FieldPath(string array, int index, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        (_parent, _index, _name) = (array, index, name);
    }

    private FieldPath(string path) => (_parent, _index, _name) = (path, -1, "");

    public static implicit operator FieldPath(string path) => new(path);

    public override string ToString() => _index < 0 ? _parent : $"{_parent}[{_index}].{_name}";
}
