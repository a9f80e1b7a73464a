// A cheap necessary condition of the PHP provider's detect(): its FROM image or one of the
// build commands it looks for appears in the text.
export const hint = /php|composer/i;
