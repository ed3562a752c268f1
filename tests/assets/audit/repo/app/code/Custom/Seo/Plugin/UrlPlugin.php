<?php
namespace Custom\Seo\Plugin;

class UrlPlugin
{
    public function afterGetUrl($subject, $result)
    {
        return $result;
    }
}
