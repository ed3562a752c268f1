<?php
namespace Old\Disabled\Model;

class CustomerRepository
{
}
