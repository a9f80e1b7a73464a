namespace Catalog.Core;

public static class Products
{
    public static readonly string[] All = { "kettle", "teapot" };
}
