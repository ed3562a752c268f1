var config = {
    config: {
        mixins: {
            'Magento_Checkout/js/action/place-order': {
                'Custom_Seo/js/place-order-mixin': true
            },
            'Magento_Checkout/js/view/payment/default': {
                'Custom_Seo/js/payment-mixin': true
            }
        }
    }
};
