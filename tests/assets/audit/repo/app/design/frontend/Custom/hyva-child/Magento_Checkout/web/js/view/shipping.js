define([], function () { return {}; });
